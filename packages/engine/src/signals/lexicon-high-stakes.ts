/**
 * The phrases of Baton's built-in high-stakes topics, English first, then Spanish, French, German,
 * Italian, Portuguese and Chinese. Syntax: see lexicon-matcher.ts (`word*` is a prefix, `~` skips
 * up to three words). A policy adds phrases per topic; `HIGH_STAKES_EXCLUSIONS` removes the
 * idioms that look like a topic but are not ("I'm dying to try it").
 */

/** The built-in topic ids: a public contract, used in policies and in the `labels` of a reading. */
export const HIGH_STAKES_TOPICS = [
  'refund',
  'cancellation',
  'chargeback',
  'legal',
  'fraud',
  'lost_card',
  'account_security',
  'privacy',
  'medical_safety',
  'self_harm',
] as const;
export type HighStakesTopic = (typeof HIGH_STAKES_TOPICS)[number];

// prettier-ignore
const CANCELLABLE =
  'order* subscription* account* membership* plan contract* booking* reservation* service* policy ' +
  'card* payment* transfer* transaction* flight* trip* purchase* direct debit* standing renewal* trial* ' +
  'pedido* suscripci* cuenta* reserva* commande* abonnement* compte* bestellung* abo* konto* vertrag* ' +
  'ordine* abbonamento* conto* prenotazion* assinatura* conta* encomenda*';

/** What a trip costs an employee, claimed back as expenses. */
const COSTS_INCURRED =
  'hotel* food meal* lodging accommodation* taxi* cab mileage fuel lunch* dinner* breakfast*';

/** One `verbs ~ objects` phrase of alternatives, so "cancel my monthly plan" matches without a list. */
function withObjects(verbs: string, objects: string): string[] {
  return [`${verbs.split(' ').join('|')} ~ ${objects.split(' ').join('|')}`];
}

// prettier-ignore
export const HIGH_STAKES_PHRASES: Record<HighStakesTopic, readonly string[]> = {
  refund: [
    'refund*', 'money back', 'reimburs*', 'repayment', 'return ~ my money', 'give ~ back my money',
    'return policy', 'return ~ item*', 'return ~ purchase*', 'return ~ product*', 'fee ~ reversed',
    'charge ~ reversed', 'charge* ~ removed',
    'reembols*', 'devolución del dinero', 'devuelvan mi dinero', 'devolver ~ dinero',
    'rembours*', 'me rendre ~ argent',
    'rückerstattung', 'erstatt*', 'geld zurück',
    'rimbors*', 'soldi indietro', 'restituire ~ soldi',
    'estorno', 'devolução do dinheiro', 'devolver ~ dinheiro', 'meu dinheiro de volta',
    '退款', '退钱', '退还',
  ],
  cancellation: [
    'cancellation*', 'cancelation*', 'unsubscrib*', 'want to cancel', 'need to cancel', 'like to cancel',
    'wanna cancel', 'how to cancel', 'how do i cancel', 'how can i cancel', 'cancel it', 'cancel this',
    'cancel that', 'cancel everything', 'cancel asap', 'cancel now', 'stop ~ subscription*',
    'end ~ subscription*',
    'close ~ account*', 'closing ~ account*', 'delete ~ account*', 'deleting ~ account*', 'remove ~ account*',
    'terminate ~ account*', 'terminate ~ contract*', 'terminate ~ subscription*', 'termination',
    'leave ~ bank', 'switch ~ another bank',
    ...withObjects('cancel cancel* cancelling canceling', CANCELLABLE),
    ...withObjects('remov* delet* clos* terminat* deactivat* kill', 'account* profile* membership*'),
    ...withObjects('shut discontinu* disabl* invalidat* inactivat* end', 'account* membership* subscr*'),
    'account* ~ terminated', 'account* ~ deleted', 'account* ~ closed', 'no longer want ~ account*',
    'no longer ~ be a customer', 'get rid of ~ account*',
    ...withObjects('freeze block', 'account*'),
    ...withObjects('revert* revers* undo stop', 'transfer* transaction* payment* standing direct'),
    "don't need ~ account*", "don't want ~ account*", 'transfer* ~ cancelled', 'order* ~ cancelled',
    'cancelar', 'cancelación', 'darme de baja', 'dar de baja', 'anular ~ pedido*', 'anular ~ suscripción',
    'annuler', 'annulation', 'résilier', 'résiliation', 'désabonner', 'me désinscrire',
    'kündigen', 'kündigung', 'stornieren', 'stornierung', 'abbestellen', 'konto schließen', 'konto löschen',
    'annullare', 'annullamento', 'disdire', 'disdetta', 'chiudere ~ conto', 'cancellare ~ abbonamento',
    'cancelamento', 'encerrar ~ conta', 'excluir ~ conta',
    '取消', '退订', '注销', '销户',
  ],
  chargeback: [
    'chargeback*', 'charge back', 'dispute*', 'disputing', 'reverse ~ charge*', 'reverse ~ payment*',
    'reverse ~ transaction*', 'contact my bank', 'call my bank', 'credit card company', 'card issuer',
    'contracargo*', 'disputa', 'reclamar ~ banco', 'rétrofacturation', 'contester ~ paiement',
    'contester ~ transaction', 'opposition ~ paiement', 'rückbuchung', 'zurückbuchen',
    'widerspruch ~ zahlung',
    'riaddebito', 'contestare ~ addebito', 'contestar ~ compra', 'contestação', '拒付', '争议交易', '撤销交易',
  ],
  legal: [
    'lawyer*', 'attorney*', 'solicitor*', 'legal action', 'legal team', 'take legal', 'lawsuit*', 'suing',
    'sue you', 'sue your', 'sue the', 'sue them', 'sue this', 'sue u', 'to sue', 'will sue', "i'll sue",
    'in court', 'to court', 'court case', 'court order', 'courts', 'small claims', 'ombudsman', 'regulator*',
    'cfpb', 'fca', 'better business bureau',
    'trading standards', 'consumer protection', 'report you to', 'class action',
    'abogado*', 'demandar*', 'poner una demanda', 'denunciar*', 'tribunal*', 'juzgado',
    'defensor del consumidor',
    'avocat', 'avocats', 'procès', 'poursuivre en justice', 'porter plainte', 'médiateur',
    'anwalt', 'rechtsanwalt', 'verklagen', 'klage', 'gericht', 'verbraucherzentrale',
    'avvocat*', 'fare causa', 'denuncia', 'tribunale',
    'advogado*', 'processar', 'procon', 'justiça',
    '律师', '起诉', '法院', '诉讼', '消费者协会', '投诉到',
  ],
  fraud: [
    'fraud*', 'scam*', 'unauthori*', 'not authori*', "didn't authori*", 'did not authori*', 'phishing',
    "don't recogni*", 'do not recogni*', "didn't recogni*", 'unrecognised', 'unrecognized', 'not recogni*',
    'identity theft',
    "didn't make ~ payment*", "didn't make ~ transaction*", "didn't make ~ purchase*",
    'did not make ~ payment*',
    // The charge named first: "charges I didn't make", "a payment I never authorised".
    ...['i didn\'t make', 'i did not make', 'i never made'].map(
      (denial) => `charge*|payment*|transaction*|purchase*|withdrawal* ~ ${denial}`,
    ),
    "i didn't make", "i didn't buy", "i didn't order", 'did not make this', 'never made ~ payment*',
    'someone ~ using my card*', 'someone ~ used my card*', 'somebody ~ using my card*', 'someone besides me',
    'someone other than me', 'not done by me', "wasn't done by me", "wasn't me", 'not mine', "isn't mine",
    "didn't perform", "didn't withdraw", 'did not withdraw', "didn't take out", "haven't purchased",
    "didn't purchase", "don't remember ~ making", "don't remember ~ doing", "don't remember ~ initiating",
    'unfamiliar ~ transaction*', 'unfamiliar ~ payment*', 'unfamiliar ~ charge*', 'unfamiliar merchant',
    'unusual ~ activity', 'unusual ~ payment*', 'unusual ~ charge*', 'unusual ~ transaction*',
    'strange payment*', 'copy of my card', 'copied my card', 'cloned', 'without my knowledge',
    'without my authori*', 'where this charge came from', 'stole my identity', 'stolen identity',
    'that i did not make', "i didn't do", 'i did not do', "didn't approve", 'did not approve',
    "didn't set up",
    'did not set up', 'suspicious', 'strange charge*', 'mysterious ~ transaction*', 'mysterious ~ payment*',
    'not my transaction*', 'is not me', 'what is this charge', 'was not me',
    'random ~ withdrawal*', 'random ~ charge*', 'random ~ payment*', 'random ~ transaction*',
    'duplicate card',
    'someone used my', 'someone has used my', 'someone else ~ my card', 'suspicious ~ transaction*',
    'suspicious ~ charge*', 'suspicious ~ payment*', 'suspicious activity', 'strange ~ transaction*',
    'unknown ~ transaction*', 'unknown ~ charge*', 'unknown ~ payment*', 'without my permission',
    'without my consent',
    'fraude*', 'estafa*', 'no reconozco', 'no autoricé', 'escroquerie', 'arnaque*', 'je ne reconnais pas',
    'non autorisé*', 'betrug*', 'nicht autorisiert*', 'erkenne ~ nicht', 'truffa*', 'non autorizzat*',
    'não reconheço', 'não autoriz*', '诈骗', '盗刷', '欺诈', '未经授权', '骗子',
  ],
  lost_card: [
    'lost ~ card*', 'stolen ~ card*', 'stole ~ card*', 'card* ~ stolen', 'card* ~ lost', 'card* ~ missing',
    'lost ~ wallet', 'stolen ~ wallet', 'stole ~ wallet', 'lost ~ purse', 'misplaced ~ card*',
    "can't find ~ card*", 'cannot find ~ card*', 'lost or stolen', 'mugged', 'wallet ~ stolen',
    'bag ~ stolen', 'stole ~ bag',
    // Blocking or freezing a card is what a customer asks for when it is gone, not a cancellation.
    ...withObjects('freeze block', 'card*'),
    'took ~ card*', 'cant find ~ card*', 'can not find ~ card*', 'left my card', 'wallet fell', 'robbed',
    'wallet ~ taken', 'took ~ wallet', "don't know where my card*",
    'perdí ~ tarjeta', 'robaron ~ tarjeta', 'tarjeta ~ robada', 'tarjeta ~ perdida',
    'perdu ~ carte', 'volé ~ carte', 'carte ~ volée', 'carte ~ perdue',
    'karte ~ verloren', 'karte ~ gestohlen', 'verlorene karte', 'gestohlene karte',
    'perso ~ carta', 'rubato ~ carta', 'carta ~ rubata', 'carta ~ smarrita',
    'perdi ~ cartão', 'roubaram ~ cartão', 'cartão ~ roubado', 'cartão ~ perdido',
    '卡丢了', '卡被偷', '丢了卡', '银行卡丢', '挂失',
  ],
  account_security: [
    'hacked', 'hacker*', 'hacking', 'compromised', 'account takeover', 'someone ~ logged in*',
    'someone ~ log* into',
    'someone ~ access*', 'someone ~ changed ~ password', 'someone ~ into my account', 'not me who',
    'suspicious login*', 'suspicious sign*', 'unknown device*', 'unknown login*', "didn't request ~ password",
    'did not request ~ password', "didn't change ~ password", 'password ~ changed without',
    'locked out ~ hack*',
    // Card details taken (not the card itself) are a compromise: the thief pays without it.
    'card details ~ stolen', 'details ~ compromised', 'stole ~ card number*', 'stole ~ card details',
    'stole ~ my details', 'card number* ~ stolen', 'card* ~ used by ~ someone', 'card* ~ used by ~ somebody',
    'security breach', 'card data ~ exposed', 'details ~ exposed', 'card data ~ leaked', 'stolen ~ details', 'phone ~ stolen', 'stole ~ phone',
    'lost ~ phone', 'phone ~ lost', 'getting into my account',
    'stole ~ password*', 'password* ~ stolen', 'stole ~ identity',
    'hackeado*', 'pirateado', 'compte piraté', 'gehackt', 'kompromittiert', 'hackerato', 'hackerata',
    'invadida',
    '被盗号', '被黑', '账号被盗', '账户被盗', '盗号',
  ],
  privacy: [
    'gdpr', 'ccpa', 'dsar', 'personal data', 'delete ~ my information',
    'remove ~ my information', 'erase ~ my information', 'sell ~ my data', 'share ~ my data',
    'access ~ my data',
    'data you hold', 'data you have on me',
    'data protection', 'data deletion', 'delete ~ my data', 'erase ~ my data', 'right to be forgotten',
    'subject access request', 'privacy', 'data breach', 'leaked ~ data',
    'rgpd', 'datos personales', 'borrar ~ mis datos', 'eliminar ~ mis datos', 'protección de datos',
    'données personnelles', 'supprimer ~ mes données', 'protection des données', 'dsgvo', 'datenschutz',
    'meine daten löschen', 'daten ~ löschen', 'personenbezogene daten', 'dati personali',
    'cancellare ~ miei dati',
    'lgpd', 'dados pessoais', 'apagar ~ meus dados', 'excluir ~ meus dados', '个人信息', '隐私', '删除我的数据',
  ],
  medical_safety: [
    // An allergy or a diet is a need to serve, not an emergency; a reaction happening is one.
    'injur*', 'got hurt', 'was hurt', 'been hurt', 'hurt my', 'allergic reaction', 'having a reaction',
    'had a reaction', 'anaphyla*', 'epipen', "can't breathe", 'cannot breathe', 'can not breathe',
    'trouble breathing', 'difficulty breathing', 'struggling to breathe', 'throat ~ swelling',
    'throat ~ closing', 'swelling up', 'went into shock', 'passed out', 'unconscious',
    'in hospital', 'in the hospital', 'to hospital', 'to the hospital', 'hospitali*', 'emergency room',
    'caught fire', 'on fire', 'fire hazard', 'started a fire', 'burned me',
    'burnt me', 'burns', 'exploded', 'explosion', 'electric shock', 'electrocut*', 'food poisoning',
    'poison*',
    'choking', 'choked', 'dangerous', 'unsafe', 'safety hazard', 'bleeding', 'made me sick', 'got sick',
    'overheat*', 'smoke came', 'hurt myself', 'cut myself',
    'reacción alérgica', 'no puedo respirar', 'herido', 'lesión', 'incendio', 'quemadura', 'peligroso', 'intoxicación',
    'réaction allergique', 'respirer ~ difficilement', "n'arrive pas à respirer", 'blessé', 'blessée', 'blessure', 'incendie', 'brûlure', 'dangereux',
    'intoxication',
    'allergische reaktion', 'allergischen schock', 'kann nicht atmen', 'verletzt', 'verletzung', 'feuer', 'verbrennung', 'gefährlich', 'vergiftung',
    'reazione allergica', 'shock anafilattico', 'non riesco a respirare', 'ferito', 'ferita', 'ustione', 'pericoloso', 'intossicazione',
    'reação alérgica', 'não consigo respirar', 'ferido', 'lesão', 'incêndio', 'queimadura', 'perigoso', 'intoxicação',
    '过敏反应', '过敏了', '过敏性休克', '呼吸困难', '喘不过气', '受伤', '着火', '起火', '爆炸', '中毒', '危险', '烫伤', '住院',
  ],
  self_harm: [
    'suicid*', 'kill* myself', 'kill my self', 'end my life', 'ending my life', 'end it all',
    'take my own life', 'take my life', 'want to die', 'wanna die', 'wish i was dead', 'wish i were dead',
    'better off dead', "don't want to live", "don't want to be alive", 'no reason to live',
    'want to hurt myself', 'going to hurt myself', 'gonna hurt myself', 'harm myself', 'self harm',
    'self-harm', 'cutting myself', 'cut myself on purpose', 'kms', 'unalive myself', 'end myself',
    "don't want to be here anymore", 'no point in living', 'no point living', "can't go on living",
    'wish i was never born', 'wish i had never been born', 'jump off a bridge', 'thinking of ending it',
    'me quiero morir', 'no quiero seguir viviendo', 'pas envie de vivre', 'bring mich um', 'ammazzarmi',
    'farla finita', 'acabar com a minha vida', 'tirar a minha própria vida', '跳楼', '割腕', '活着没意思', 'overdose',
    'not worth living',
    'quiero morir*', 'quitarme la vida', 'quiero matarme', 'voy a matarme', 'ganas de matarme', 'suicidarme',
    'no quiero vivir', 'hacerme daño',
    'acabar con mi vida', 'autolesi*',
    'me suicider', 'envie de mourir', 'veux mourir', 'veux me tuer', 'vais me tuer', 'envie de me tuer',
    'mettre fin à mes jours', 'veux en finir', 'en finir avec la vie',
    'me faire du mal', 'automutilation', 'plus envie de vivre',
    'selbstmord', 'suizid*', 'will mich umbringen', 'mich selbst umbringen', 'werde mich umbringen',
    'will sterben', 'nicht mehr leben', 'das leben nehmen',
    'selbstverletzung', 'mir etwas antun', 'mich ritzen',
    'suicidarmi', 'voglio uccidermi', 'voglio morire', 'togliermi la vita', 'farmi del male',
    'autolesionismo',
    'non voglio più vivere', 'quero me matar', 'vou me matar', 'vontade de me matar', 'quero morrer',
    'tirar minha vida', 'tirar a minha vida',
    'me machucar', 'automutilação', 'não quero mais viver',
    '自杀', '想死', '不想活', '轻生', '自残', '结束生命', '结束我的生命', '活不下去',
  ],
};

/** Idioms that contain a topic phrase but do not mean it; a topic match inside one is dropped. */
// prettier-ignore
export const HIGH_STAKES_EXCLUSIONS: Partial<Record<HighStakesTopic, readonly string[]>> = {
  self_harm: [
    'kill* myself laugh*', 'suicide squad', 'suicide door*', 'want to die for', 'suicide prevention hotline',
    'overdose of', 'me tuer à la tâche',
  ],
  medical_safety: ['on fire today', "you're on fire", 'fire sale'],
  // "the other end", "on my end" name a side, not the verb; money "removed from my account" left
  // the account, which is not removing the account.
  cancellation: ['cancel* ~ excitement', 'other|the|my|your|our|their|that|this end',
    'remov* from ~ account*'],
  // An employee's expense claim is paperwork, not money a merchant owes the customer.
  refund: ['reimburs* ~ expense*', 'expense* ~ reimburs*', 'reimburs* ~ travel', 'travel ~ reimburs*',
    'reimburs* ~ mileage', 'reimburs* ~ receipt*', 'expense claim*',
    // What an employee spends on a trip and claims back: not money a seller owes. (A flight is left
    // out: "reimburse my cancelled flight" is an airline refund.)
    ...withObjects('reimburs*', COSTS_INCURRED), ...withObjects(COSTS_INCURRED, 'reimburs*')],
};
