/**
 * Everyday English words that are not names (places are told apart by the gazetteer, not here). A name or company is only taken after a cue ("my name
 * is", "transfer to", "direct debit with"), and the word after the cue must not be one of these:
 * that is what keeps "transfer to my savings" or "payment to change" from becoming a name.
 */

/** Words that end a name: a name never runs on through them ("kilby overall", "cloyd at 7:25"). */
const FUNCTION_WORDS = `a about above across after again against ago all almost already also although always am among an and
another any anybody anyone anything anyway anywhere are around as at away back be because been before behind being below
beside besides between both but by can cannot could did do does doing done down during each either else enough even ever
every everyone everything for from had has have having he her here hers herself him himself his how however i if in
instead into is it its itself just least less like many may me might mine more most much must my myself near neither never
no nobody none nor not nothing now of off on once one only onto or other others our ours ourselves out over own per
perhaps please rather same shall she should since so some somebody someone something sometime somewhere soon still such
than that the their theirs them themselves then there these they this those though through thus till to today tomorrow
tonight too toward towards under until up upon us very via was we well were what whatever when where whether which while
who whom whose why will with within without would yes yet yesterday you your yours yourself yourselves thanks thank thx
pls plz asap lately recently overall again currently directly immediately instead anymore right now ok okay also straight
straightaway tho though hi hello hey dear regards cheers sorry last next each via ill i'll id ive im
simply got getting lower higher two three four five six seven eight nine ten eleven twelve twenty hundred thousand couple few several
half dozen
e y et und o ou oder con avec mit com sin sans ohne`;

/** Frequent content words that follow the cues but are not names. */
const CONTENT_WORDS = `able access account accounts activate active add added address adults afternoon agent agreed airport
allow allowed amount answer app application apply appointment area arrival arrive arrived arriving ask asked atm atms
available bad balance bank banking bar bath bathroom bed beds bedroom bill bills birthday block blocked book booked booking
bookings boys breakfast business buy buying call called calling cancel cancellation cancelled car card cards care cash
change changed changing charge charged charges cheap check checked checkin checkout cheque child children choose city
claim clean close closed code come coming company complaint confirm confirmation contact contactless continue correct cost
country credit current customer date day days deal debit delivery department deposit details different dinner direct
dollars done double due early email end euros evening event everyday exact exchange expensive extra family fast fee fees
find fine first fix floor food foreign free friend friends full fund funds get gift give go going good great group guest
guests gym half happen happened having help helpful home hotel hour hours house how human id identity immediately info
information insurance interest international issue item items job keep key kids kitchen know late later leave leaving
left let limit line list little live loan local lock login long look looking lost lot lunch made mail make making manager
many massage me meal meeting member message method mind minute minutes mobile moment money month monthly months morning
move moved name need needed new next nice night nights number office old online open order ordered others overdraft
overseas own paid parking part partner party pass password pay paying payment payments pending people person personal
phone pin place plan point pool possible pounds pretty price problem process product purchase purchases put question quick
quickly rate real really reason receipt receive received recipient refund register rent reservation reserve restaurant
return right room rooms safe same save savings say second secure security see send sending sent service services set
share shop shopping show shower sign single site small someone soon spa speak spend spending spent standing start
started statement status stay still stolen stop store subscription suite support sure system table take talk tax taxi
team tell thing things think time times tip top topup total transaction transactions transfer transferred transfers
travel trip try trying twin type understand update upgrade urgent use used user using usual view visa visit wait waiting
wallet want wanted wants water way website week weekend weeks wife husband son daughter mum mom dad mother father brother
sister boss work working wrong year years groceries grocery petrol
gas fuel food takeout take out charity news holiday holidays clothes clothing entertainment utilities transport coffee
books games electronics full advance branch size colour color cheaper paper fine cheap control
crazy insane absurd stupid silly awful terrible horrible worse worst useless pointless hopeless joke nonsense unbelievable
unacceptable outrageous ridiculous frustrating annoying disgusting pathetic perfect awesome amazing weird strange odd
important serious impossible confusing clear true false over gone tired fed confused happy sad angry upset annoyed furious
disappointed afraid glad ready busy interested worried concerned stuck hungry done calling writing contacting here there abroad euro dollar pound eu uk usa us europe
discuss amend modify include withdraw land bring utility interests unsure borrow build cover create delete explain extend
fill finish follow forward handle increase decrease lower raise reduce remove renew repay replace report request reset
resolve review schedule select settle sort split submit switch track verify earn collect accept begin enable disable
freeze unfreeze lift postpone delay invest lend owe proceed lives living past future middle beginning negative positive
standard regular additional whole entire operator human agent representative supervisor bot robot staff reception
receptionist desk wifi internet tv breakfast lunch dinner pet dog dogs cat another earlier misspelled spelled
pharmacy hair haircut haircuts electricity rent pubs bars restaurants takeaway eating drinking drinks newspaper
newspapers magazines clothes shoes flights hotels transport supermarket supermarkets entertainment video music movies
sports bills utilities subscriptions gifts education healthcare medicine beauty cosmetics pets toys furniture garden
alcohol cigarettes tobacco lottery gambling betting snacks dining rental bikes
link broke complete says quite twice client clients customerservice service sales billing department case confirmed certain reach expire progress front duplicate keeps top function
accept add allow appear apply arrive ask become begin believe belong break bring build buy call care carry catch cause
change charge check choose clear close come consider contain continue convert count cover cut decide deliver depend
describe die do drive drop eat enter expect explain fail fall feel fill find finish fit fly follow forget get give go
grow happen hear help hit hold hope hurt increase involve join jump keep kill know last lead learn leave let lie like
listen look lose love make manage matter mean meet mind miss move need notice offer open own pass pay pick plan play
prefer prepare present prevent print promise protect prove provide pull push put reach read realise realize receive
recognise recognize recommend refer refuse relate release remain remember rent repeat reply require rest return ring
rise run say see seem sell send serve settle show shut sit sleep solve speak spend stand stay steal stick suggest supply
suppose survive take teach tell tend test thank think throw touch turn understand unlock use visit vote wait wake walk
want warn wash watch wear win wish wonder work worry write gbp eur usd cad aud chf jpy`;

const MONTHS_AND_DAYS = `january february march april may june july august september october november december jan feb mar apr
jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday`;

function toSet(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter(Boolean));
}

/** Months and weekdays: a stop word, except as the first word of a capitalised name ("May Chen"). */
export const MONTH_OR_DAY: ReadonlySet<string> = toSet(MONTHS_AND_DAYS);
export const NAME_STOP_WORDS: ReadonlySet<string> = toSet(`${FUNCTION_WORDS} ${MONTHS_AND_DAYS}`);
export const NOT_A_NAME: ReadonlySet<string> = toSet(`${FUNCTION_WORDS} ${CONTENT_WORDS} ${MONTHS_AND_DAYS}`);
