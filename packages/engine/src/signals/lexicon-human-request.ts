/**
 * The grammar of "I want a person" in English, Chinese and Japanese (the other languages are in
 * lexicon-human-languages.ts): request verbs × person nouns, as regular expression sources compiled
 * once at module load. A grammar, not a list of sentences, so that
 * phrasings nobody wrote down here still match ("could you put me through to one of your advisers").
 *
 * Every pattern runs on `TextView.lower` (lowercased, NFKC, straight quotes, single spaces).
 */

import { wordSet } from './lexicon-human-scan.ts';

/** Start and end of a word; `\b` is ASCII-only in JavaScript and fails next to "é" or "ß". */
export const WORD_START = String.raw`(?<![\p{L}\p{N}_])`;
export const WORD_END = String.raw`(?![\p{L}\p{N}_])`;

const either = (...parts: string[]): string => `(?:${parts.join('|')})`;

// ---------------------------------------------------------------- English

const DETERMINER = String.raw`(?:(?:a|an|the|some|any|your|ur|yr|another|other|one of (?:your|ur|the|those)|some of (?:your|ur|the)|a different|a couple of)\s+)?`;

/** Words that may sit between the determiner and the person: "a real, live human agent". */
const ADJECTIVE = String.raw`(?:(?:real|live|actual|human|normal|proper|regular|physical|flesh[- ]and[- ]blood|living|breathing|real[- ]life|in[- ]person|qualified|senior|experienced|competent|non[- ]?robotic|non[- ]?bot|other|different|available|more intelligent|smarter|customer (?:service|support|care)|client (?:service|support)|support|service|help ?desk|bank|company|store|shop|hotel|sales|billing|technical|tech|account|relationship|fucking|fuckin|freaking|frigging|damn|goddamn|bloody|f\*+\w*),?\s+){0,3}`;

/** People the customer can be put through to. */
const PERSON = either(
  'humans?',
  'human beings?',
  'persons?',
  'people',
  'agents?',
  'representatives?',
  'reps?',
  'operators?',
  'managers?',
  'supervisors?',
  'someone(?: else)?',
  'somebody(?: else)?',
  'anyone(?: else)?',
  'anybody(?: else)?',
  'staff(?: members?)?',
  'team members?',
  'employees?',
  'workers?',
  'advis[eo]rs?',
  'consultants?',
  'specialists?',
  'associates?',
  'attendants?',
  'executives?',
  'officers?',
  'bankers?',
  'clerks?',
  'receptionists?',
  'experts?',
  'boss(?:es)?',
);

/** Persons that may stand after "want" or "need" (not "someone": "I need someone to tell me..."). */
const STRONG_PERSON = either(
  'humans?',
  'human beings?',
  'persons?',
  'agents?',
  'representatives?',
  'reps?',
  'operators?',
  'managers?',
  'supervisors?',
  'staff members?',
  'advis[eo]rs?',
);

/**
 * What may not follow a person noun: "human resources", "someone's card", "manager approval", "the
 * person I sent money to".
 */
const NOT_A_CONTACT = String.raw`(?!'s|s'|\s+else's|\s+(?:resources|rights|error|errors|nature|relations|trafficking|approval|permission|signature|authori[sz]ation|code|id|number|name|names|portal|login|licen[cs]e|fees?|commission|account|details|info|information|who (?:stole|took|used|hacked|sent|received|paid|owns|owes)|(?:i|we|you|he|she|they) (?:sent|paid|transferred|bought|ordered|owe|met|gave)|to (?:sign|pick|collect|deliver|clean|install|repair|carry|move|drive|watch|babysit|cover|fill|share|come (?:over|round|by)|join|accompany|stay)))`;

const PERSON_PHRASE = `${DETERMINER}${ADJECTIVE}${PERSON}${WORD_END}${NOT_A_CONTACT}`;
const STRONG_PERSON_PHRASE = `${DETERMINER}${ADJECTIVE}${STRONG_PERSON}${WORD_END}${NOT_A_CONTACT}`;

/** Verbs of a live conversation, followed by "to" or "with". */
const TALK = String.raw`(?:talk|talking|speak|speaking|chat|chatting|converse|conversing|communicate|discuss (?:this|it|that|my \w+)|have a (?:word|chat|conversation|talk) |deal|dealing|get through)\s*(?:(?:directly|right now|now|again|in person|personally|quickly|instead|immediately|asap|please|first|about (?:this|it|that))\s+)*(?:to|with|w/|wiht|wit|2)\s+`;

/** Verbs that move the conversation to someone, each with its own preposition. */
const PUT_THROUGH = either(
  String.raw`(?:contact|contacting|reach|reaching|get (?:a )?hold of|get in touch with|get ahold of|get through to|be put through to|be connected (?:to|with)|be transferred to)\s+`,
  String.raw`put (?:me|us|this|it) (?:through|on|in touch|across)\s*(?:to|with)?\s+`,
  String.raw`put (?:me|us) with\s+`,
  String.raw`(?:connect|connecting|link|patch)(?: me| us| this| my call)?(?: through)?\s+(?:to|with)\s+`,
  String.raw`(?<!(?:a|the|my|this|that|money|funds|bank|wire|any|no)\s)(?:transfer|transferring|move|escalate|escalating|refer|forward|redirect|route|switch|send)(?: me| us| this| it| the (?:chat|call|conversation|case|issue)| my (?:chat|call|case|issue|complaint|problem|ticket))?(?: over| up| on)?\s+to\s+`,
  String.raw`(?:pass|hand)(?: me| us| this| it)?(?: on| over| off| along)?\s+to\s+`,
  String.raw`hook (?:me|us) up with\s+`,
  String.raw`get (?:(?:me|us) )?(?:through )?to\s+`,
  String.raw`(?:get|have|let) (?:me|us) (?:a |an )?(?:word|chat|conversation) with\s+`,
);

/** Verbs of wanting or fetching a person: "I want a human", "get me your manager". */
const WANT = either(
  String.raw`(?:want|wanna|need|needs|request|requesting|demand|demanding|prefer|require|requires|(?:i'd|we'd|would) (?:like|love|prefer|rather have))\s+(?:to (?:have|get|see)\s+)?`,
  String.raw`(?:give|get|bring|find|fetch|send|grab)(?: me| us)\s+`,
  String.raw`gimme\s+`,
  String.raw`(?<=(?:^|[.!?,]\s*|please |pls |plz |just |now |can you |could you |can u |go ))(?:get|fetch|bring|grab)\s+`,
  String.raw`(?:can|could|may) (?:i|we) (?:have|get|see)\s+`,
  String.raw`(?:where|when) (?:is|are|can i find)\s+`,
);

/** "I need human help", "live support please". */
const HUMAN_HELP = String.raw`(?:human|live|personal|real[- ]person|in[- ]person)\s+(?:help|assistance|support|intervention|interaction|contact|agent|chat|(?:customer |client )?(?:service|support|care))`;

/** "Can a human help me?", "could someone call me back?" */
const PERSON_DOES = either(
  String.raw`(?:can|could|will|would|please have|have) (?:a |an |some |one of your )?(?:real |live |human )?(?:human|person|agent|representative|rep|operator|staff member|manager|supervisor)s? (?:please )?(?:help|assist|look into|call|phone|ring|contact|email|reach out to|get back to|get in touch with) (?:me|us|this|my)`,
  String.raw`(?:can|could|will|would) (?:someone|somebody|anyone|anybody) (?:real|human|alive|in person) (?:please )?(?:help|assist|talk|speak|chat)`,
  String.raw`(?:get|find|bring|fetch) (?:me )?(?:a |an )?(?:real |live )?(?:human|person|agent|representative|operator|manager|supervisor) for (?:me|us)`,
  String.raw`put (?:a |an )?(?:real |live )?(?:human|person|agent|manager|supervisor) on(?: the (?:line|phone|chat))?(?=\s*(?:$|[.!?,]|please|now))`,
  String.raw`(?:can|could|will|would|please have|have) (?:someone|somebody) (?:please )?(?:call|phone|ring|contact|email|reach out to|get back to|get in touch with) (?:me|us)`,
);

/** "see a manager" only for managers: "see a person" is usually about a photo or a branch visit. */
const SEE_MANAGER = String.raw`(?:see|speak to|ask for|call for) (?:a|the|your|ur) (?:manager|supervisor|boss)`;

/** "Is there a person available?", "do you have real people?" */
const AVAILABILITY = either(
  String.raw`(?:is there|there is|there's|are there|there are|is their|their is|are they|do (?:you|u) have|have (?:you|u) got|(?:you|u|ya) got)\s+(?:any|a|an|some)?\s*${ADJECTIVE}(?:humans?|persons?|people|agents?|representatives?|operators?|someone|somebody|anyone|anybody|staff)(?:\s+(?:available|there|around|online|on (?:the )?(?:line|duty|phone)|working|i (?:can|could)|we (?:can|could)|who (?:can|could)|that (?:can|could)|to (?:talk|speak|help|chat)|here|at (?:all|work)))`,
  String.raw`(?:do|does) (?:you|your \w+) (?:have|employ|got) (?:any )?(?:real|live|human|actual|flesh and blood) (?:humans?|persons?|people|agents?|staff|operators?|representatives?)`,
  String.raw`(?:is|are) (?:a|an|any|some|the)?\s*(?:real|live|actual|human)\s+(?:humans?|persons?|people|agents?|representatives?|operators?|staff)\s+(?:available|around|there|online|free|on (?:the )?(?:line|phone))`,
  String.raw`any (?:real |live |actual )?(?:humans?|people|persons?|agents?|representatives?) (?:here|there|around|available|online|on (?:the )?line)`,
  String.raw`(?:is|are) (?:a |an |any )?(?:humans?|live agents?) (?:available|around|there|online|here)`,
  String.raw`(?:is there|are there|there is|there's) (?:a|an|any|some) (?:real|live|actual|human) (?:humans?|persons?|people|agents?|representatives?|operators?)(?=\s*(?:$|[?.!,]))`,
  String.raw`(?:is|are) (?:someone|anyone|somebody|anybody) (?:from|in|at) (?:the |your )?(?:support|customer (?:service|support|care)|billing|sales|reception|[\p{L}]+ (?:team|department|desk)) (?:available|around|there|online|here)`,
  String.raw`(?:is|are) (?:anyone|anybody|someone|somebody|there anyone|there anybody)(?: real)? (?:there|around|available|here|online)(?=\s*(?:$|[?!.,]|who|that|to (?:help|talk)|i can))`,
);

/**
 * "Someone else" said to a bot means a person when they are to look at something: "can somebody else
 * look at this?" ("find me someone else" in a booking is another hairdresser.)
 */
const SOMEONE_ELSE = String.raw`(?:someone|somebody|anyone|anybody) else (?:(?:please|here|there)\s+)?(?:to\s+)?(?:look|take a look|have a look|check|help|handle|deal|assist|take over|review|sort|fix|who (?:can|could|knows))`;

/** "Call me back", "give me a call", "request a callback"; "you can call me Bob" is an introduction. */
const CALLBACK = either(
  String.raw`(?<!(?:you can|u can|they|people|friends|just|to|will|i'll|i will|i'd)\s)(?:call|ring|phone|telephone)\s+me(?:\s+back)?(?=\s*(?:$|[.!?,;:)]|back|asap|now|please|pls|plz|today|tomorrow|tonight|at|on|as soon|immediately|urgently|right|when|later|this|within|instead|directly|by phone))`,
  String.raw`give (?:me|us) a (?:call|ring|phone call)`,
  String.raw`(?:request|want|need|get|schedule|arrange|book|like|have|receive|set up|prefer)(?: to (?:have|get|request|schedule|book|arrange))? (?:a |an )?(?:call ?back|return call|phone call|call from)`,
  String.raw`(?:have|get) (?:someone|somebody|an? \w+|your \w+) (?:to )?(?:call|phone|ring) me`,
  String.raw`call ?back (?:please|pls|asap|request)`,
);

/** Escalation said as such: "please escalate this", "I want to escalate". */
const ESCALATE = String.raw`(?:escalate|escalation)(?:\s+(?:this|it|my (?:case|issue|complaint|problem|ticket)|the (?:issue|case|matter|complaint)))?(?=\s*(?:$|[.!?,;]|please|now|asap|immediately|to|right|for me))`;

/** Places inside the business: "transfer me to the spa team", "speak to reception". */
const DEPARTMENT = either(
  'reception',
  'the front (?:desk|office)',
  'front desk',
  'concierge',
  'the (?:spa|gym|pool|bar|restaurant|kitchen|bank|branch|store|shop|office|hotel)',
  'housekeeping',
  'room service',
  'billing',
  'sales',
  'accounts',
  'accounting',
  'fraud',
  'security',
  'claims',
  'complaints',
  '(?:technical|tech|it) support',
  'help ?desk',
  'customer (?:service|services|support|care|relations)',
  'client (?:service|services|support|care)',
  'support',
  String.raw`\w+(?: \w+)? (?:team|department|dept|desk|division|office|centre|center)`,
);

const DEPARTMENT_PHRASE = String.raw`(?:the |your |ur )?${DEPARTMENT}${WORD_END}(?!\s+(?:number|email|e-mail|mail|address|phone|hours|website|site|page|link|contact))`;

/** The verbs that move a conversation (not "contact" or "reach": "how do I reach customer service?" asks for details). */
const DEPARTMENT_VERB = either(
  String.raw`(?:talk|talking|speak|speaking|chat|chatting)\s+(?:directly\s+)?(?:to|with)\s+`,
  String.raw`(?:transfer|transferring|connect|connecting|forward|redirect|route|switch|patch)(?: me| us| this| my call)?(?: through| over)?\s+(?:to|with)\s+`,
  String.raw`put (?:me|us) (?:through|across)\s*(?:to|with)?\s+`,
  String.raw`(?:pass|hand)(?: me| us)?(?: on| over)?\s+to\s+`,
);

// ---------------------------------------------------------------- Chinese and Japanese

/** Chinese and Japanese, written without spaces, so no word boundaries. */
const CJK_EXPLICIT = [
  String.raw`(?:转|轉|转接|轉接|接通|接|找|(?<![需不])要|请求|請求|联系|聯繫|呼叫|切换到|切換到|换|換)(?:一下|一?个|一?個|你们的?|你們的?|您们的?)?(?:人工(?!智能)|真人|客服人员|客服人員|工作人员|工作人員|经理|經理|主管|活人)`,
  // Named as the whole request ("人工客服!"), not as the subject of a sentence ("人工客服态度很好").
  String.raw`人工(?!智能)(?:客服|服务|服務|坐席|座席|台|接待)(?=$|[，。！？!?,.\s~]|吗|嗎|呢|吧|谢谢|謝謝|在|可以|能|请|請|呀|啊|，)`,
  String.raw`(?:跟|和|与|與|同)(?:一?个|一?個)?(?:真人(?:客服)?|人工(?!智能)(?:客服|服务|服務)?|客服人员|客服人員|客服|工作人员|工作人員|活人|人)(?:说话|說話|聊|对话|對話|沟通|溝通|交流|谈|談|讲|講|通话|通話)`,
  String.raw`(?:有没有|有沒有|有)(?:人工(?!智能)|真人|客服人员|客服人員|工作人员|工作人員|活人)(?:客服|服务|服務)?(?=吗|嗎|么|麼|呢|？|\?|在|可以|能|$)`,
  String.raw`有人(?:在)?(?:吗|嗎|么|麼)`,
  String.raw`真人(?:客服|服务|服務)`,
  // A call to the customer, not "remind me to call my mother" (打电话给我的妈妈).
  String.raw`(?:给我|給我)(?:打(?:个|個)?电话|打(?:个|個)?電話|回电|回電|回个电话|回個電話)|(?:打电话|打電話|回电话|回電話|回个电话|回個電話)(?:给我|給我)(?!的)|回电|回電`,
  String.raw`オペレータ|担当者(?:と|に|を|の方)|担当の方|(?:人間|人|スタッフ|係員)(?:の(?:スタッフ|方|担当者|オペレーター))?(?:と話[しせ]|に(?:代わ|替わ|変わ|繋|つな))|有人(?:対応|チャット|サポート)`,
];

/** Chinese department transfers: "转客服" is "put me through to customer service". */
const CJK_DEPARTMENT = String.raw`(?:转|轉|转接|轉接|找|联系|聯繫)(?:一?个|一?個)?客服`;

/**
 * Messages, or their last sentence, that are nothing but a person: "agent", "human please!",
 * "This is useless. Real person now."
 */
export const SHORT_REQUEST = new RegExp(
  String.raw`(?:^|[.!?;]\s*)(?:(?:hi|hello|hey|ok|okay|yes|yeah|yep|pls|plz|please|now|just|i|i'd like|want|need|wanna|give me|get me|gimme|can i get|a|an|talk to|speak to|speak with|talk with|connect me to|transfer to|transfer me to|real|live|actual|human|por favor|porfavor|porfa|s'il vous plaît|s'il vous plait|svp|stp|bitte|per favore|un|una|um|uma|ein|einen|einem|eine|mit|einen echten)[\s,!.?:]+)*(?:(?:real|live|human) (?:person|agent|being|chat|support|help|assistance|service|customer service)(?: (?:support|help|assistance|service|chat))?|humans?|agents?|person|representatives?|reps?|operators?|managers?|supervisors?|someone real|persona|humano|agente|operador|operadora|asesor|atendente|conseiller|humain|opérateur|operatore|mitarbeiter|mensch|menschen|人工|真人|人工客服)(?:[\s,!.?:]+(?:please|pls|plz|now|asap|right now|immediately|por favor|svp|s'il vous plaît|bitte|per favore|thanks|thank you))*[\s!.?:]*$`,
  'u',
);

/** A message, or its last sentence, naming a team: "spa team please", "reception". */
export const SHORT_DEPARTMENT = new RegExp(
  String.raw`(?:^|[.!?;]\s*)(?:(?:the|your|ur)\s+)?(?:reception|front desk|concierge|housekeeping|room service|billing|sales|customer (?:service|support|care|services)|client (?:service|services|support)|(?:tech(?:nical)? |it |product )?support|help ?desk|after[- ]sales(?: service)?|\w+ (?:team|department|desk))(?:[\s,!.?]+(?:please|pls|plz|now))*[\s!.?]*$`,
  'u',
);

/** A last sentence that wants a service and nothing more: "I need customer service", "can I get tech support?". */
export const SERVICE_WANTED = new RegExp(
  String.raw`(?:^|[.!?;]\s*)(?:(?:hi|hello|hey|ok|okay|please|pls|i|we|just|really)[\s,]+)*(?:want|wanna|need|would like|'d like|i'd like|can (?:i|we) (?:get|have)|could (?:i|we) (?:get|have)|get me|give me|gimme|contact|reach)\s+(?:to (?:get|have|reach|contact)\s+)?(?:the |your |ur |some )?(?:customer (?:service|support|care|services)|client (?:service|services|support)|live support|tech(?:nical)? support|it support|help ?desk|support)(?:[\s,!.?]+(?:please|pls|plz|now|asap|right now|thanks|thank you))*[\s!.?]*$`,
  'u',
);

const flags = 'gu';

/**
 * English patterns are sticky: they are tried only at the words their alternatives start with (the
 * `_STARTS` sets beside them; see lexicon-human-scan.ts). Add an alternative, add its first words.
 */
const sticky = 'uy';

/** Requests for a person in English. */
export const EXPLICIT_REQUEST = new RegExp(
  WORD_START +
    either(
      `${TALK}${PERSON_PHRASE}`,
      `${PUT_THROUGH}${PERSON_PHRASE}`,
      `${WANT}(?:(?:some |more )?(?:help|assistance|support|advice) (?:from|of|by)\\s+)?${STRONG_PERSON_PHRASE}`,
      String.raw`(?:get|have|find) (?:me |us )?(?:someone|somebody|a person|a human|an agent)(?: else)? (?:on the (?:line|phone)|to (?:help|call|look|check|fix|sort)|who (?:can|could|knows))`,
      SEE_MANAGER,
      `${WANT}(?:some\\s+)?${HUMAN_HELP}`,
      PERSON_DOES,
      AVAILABILITY,
      SOMEONE_ELSE,
      CALLBACK,
      ESCALATE,
    ) +
    WORD_END,
  sticky,
);

export const EXPLICIT_REQUEST_STARTS = wordSet(`
  talk talking speak speaking chat chatting converse conversing communicate discuss have deal dealing get
  contact contacting reach reaching be put connect connecting link patch transfer transferring move escalate
  escalating escalation refer forward redirect route switch send pass hand let want wanna need needs request
  requesting demand demanding prefer require requires i'd we'd would give bring find fetch grab gimme can
  could may where when see ask call please will is there there's are their do does you u ya someone somebody
  any anyone anybody hook fetch ring phone telephone schedule arrange book like receive set callback
`);

export const CJK_REQUEST = new RegExp(either(...CJK_EXPLICIT), flags);
export const CJK_DEPARTMENT_REQUEST = new RegExp(CJK_DEPARTMENT, flags);

/** A message that is nothing but customer service: "客服", "客服吧". */
export const CJK_SHORT_SERVICE =
  /^(?:我要|要|请|請)?(?:客服|客户服务|客戶服務|カスタマーサポート|サポート)(?:吧|呢|啊|谢谢|謝謝|お願いします|を?お願い)?[！!。.？?]*$/u;

/** Transfers to a team or place inside the business. */
export const DEPARTMENT_REQUEST = new RegExp(
  WORD_START + `${DEPARTMENT_VERB}${DEPARTMENT_PHRASE}` + WORD_END,
  sticky,
);

export const DEPARTMENT_REQUEST_STARTS = wordSet(`
  talk talking speak speaking chat chatting transfer transferring connect connecting forward redirect route
  switch patch put pass hand
`);

/** The customer says they don't want the bot: weaker than asking for a person. */
export const BOT_REJECTION = new RegExp(
  WORD_START +
    either(
      String.raw`(?:don'?t|do not|dont) (?:want|wanna|like) (?:to )?(?:talk|speak|chat|deal)(?:ing)? (?:to|with) (?:you|u|a (?:bot|robot|machine|computer)|this (?:bot|robot|machine|thing)|bots|robots|machines)`,
      String.raw`(?:stop|quit|tired of|sick of|done with|fed up with) (?:talking|speaking|chatting) (?:to|with) (?:you|u|a (?:bot|robot|machine|computer)|this (?:bot|robot|machine|thing)|bots|robots|machines)`,
      String.raw`(?:no more|not another|enough of (?:this|the|these)) (?:bots?|robots?|machines?|automated (?:answers|replies|messages))`,
      String.raw`no (?:more )?(?:bots?|robots?|machines?|chatbots?)(?:\s*[,.!]|\s+please|$)`,
      String.raw`(?:not|don'?t feel|do not feel|un)\s*comfortable (?:[\p{L}']+\s+){0,6}?(?:with|to) (?:a |an |the |this )?(?:machine|bot|robot|computer|ai|chatbot)s?`,
      String.raw`(?:don'?t|do not|never) trust (?:a |the |this |your )?(?:machine|bot|robot|computer|ai|chatbot)s?`,
    ) +
    WORD_END,
  sticky,
);

export const BOT_REJECTION_STARTS = wordSet(
  `don't dont do stop quit tired sick done fed no not enough uncomfortable un never`,
);

/** Questions about what the customer talks to: "are you a robot?" Not a request. */
export const BOT_QUESTION = new RegExp(
  WORD_START +
    either(
      String.raw`(?:are|r) (?:you|u) (?:even |really |actually |just )?(?:a |an )?(?:real |actual |live |human |automated )?(?:humans?|persons?|people|bot|robot|machine|ai|a\.i\.|computer|program|chatbot|real|automated|alive|live|sentient)`,
      String.raw`(?:am i|are we|have i been|was i|i'm|i am) (?:even |really |actually |just |currently |now )?(?:talking|speaking|chatting|writing|texting) (?:to|with) (?:a |an |the )?(?:real |actual |live |human )?(?:humans?|persons?|people|bot|robot|machine|ai|computer|program|chatbot|agent|someone|somebody|anyone)`,
      String.raw`(?:is|was) (?:this|that|it|the (?:chat|agent|assistant)) (?:even |really |actually |just )?(?:a |an )?(?:real |actual |live |human )?(?:humans?|persons?|bot|robot|machine|ai|computer|program|chatbot|automated|automatic|real|live)`,
      String.raw`(?:is|are) (?:there )?(?:a |an )?(?:real |actual |live )?(?:human|person|people|someone) (?:behind|on the other (?:end|side)|reading|typing|writing|answering)`,
      String.raw`who (?:am i|are we) (?:talking|speaking|chatting) (?:to|with)`,
    ) +
    WORD_END,
  sticky,
);

export const BOT_QUESTION_STARTS = wordSet(`are r am have was i'm i is who`);

export const CJK_BOT_QUESTION =
  /(?:あなた|君|きみ|お前)は(?:ロボット|人間|ai|機械|ボット|本物の人間|bot)|(?:人間|オペレーター|オペレータ|ロボット|ボット|機械|ai)(?:さん)?(?:です|でしょう)か|(?:这|這|那)是(?:不是)?(?:人工客服|人工|真人|机器人|機器人)(?:吗|嗎|么|麼)?|(?:你|您|妳)是(?:不是)?(?:机器人|機器人|真人|人工|人|ai|AI)(?:吗|嗎|么|麼)?|是(?:机器人|機器人|真人)(?:吗|嗎)|我在(?:跟|和)(?:机器人|機器人|真人|人)(?:说话|說話|聊天)/gu;

/**
 * Negation that ends right where a request starts: "I don't (really) want to | talk to a person",
 * "no need to | transfer me", "no quiero | hablar con nadie". "Why don't you connect me" and "can't I
 * talk to someone?" are requests, so they are left out.
 */
export const NEGATION_BEFORE = new RegExp(
  String.raw`(?:^|[\s,;:])(?:(?<!why |why\s+)(?:don'?t|dont|do not|doesn'?t|does not|didn'?t|did not|won'?t|will not|wouldn'?t|would not|shouldn'?t|never|no need|no reason|not|without|nor|needn'?t|no|non|ne|n'|pas|nicht|kein(?:e|en|em|er)?|nie|niemals|geen|niet|nooit|não|nao|nunca|jamais|mai|nem|ni)(?!\s+(?:you|u|ya)\b)\s+)(?:(?:i|me|you|we|really|even|actually|want|wanna|need|needed|like|wish|have|has|to|ask|asking|asked|for|going|gonna|would|'d|be|being|get|getting|it|is|necessary|necessarily|intend|plan|mean|trying|try|just|please|quiero|necesito|deseo|hace|falta|hay|que|puedo|voglio|vorrei|ho|bisogno|di|serve|c'è|veux|voudrais|souhaite|besoin|de|d'|ai|möchte|moechte|will|brauche|muss|ik|wil|heb|hoef|quero|preciso|queria|gostaria|de|é|precisa)\s+){0,4}$`,
  'u',
);

/**
 * Not a request: a report of the past ("I was talking to someone yesterday") or a question whether
 * a person is needed at all ("do I have to speak to a representative to change my pin?").
 */
export const PAST_BEFORE =
  /(?:^|\s)(?:(?:was|were|been|had|already|earlier|yesterday|before)|(?:do|does|did|will|would|must|should|shall) (?:i|we|you|one) (?:really |still |first |even )?(?:need|have|got) to)\s+$/u;

/** Which team a request for a person names: "speak to someone at the restaurant". */
export const DEPARTMENT_OF_PERSON = new RegExp(
  String.raw`(?:someone|somebody|a person|people|staff|anyone)(?: working)? (?:at|in|from|on)\s+${DEPARTMENT_PHRASE}`,
  sticky,
);

export const DEPARTMENT_OF_PERSON_STARTS = wordSet(`someone somebody a people staff anyone`);

/** Japanese says "no" after the request: "オペレーターは不要です", "人間と話したくない". */
export const CJK_NEGATION_AFTER =
  /^[^。！？!?]{0,6}?(?:不要|いらない|要らない|結構|必要(?:ない|ありません|はない)|たくない|(?<!つ)ないで)/u;

export const CJK_NEGATION_BEFORE = /(?:不|别|別|不用|不要|不需要|无需|無需|没必要|沒必要|不想)$/u;

/** Chinese and Japanese script: those turns always run the CJK patterns. */
export const CJK_SCRIPT = /[\u3040-\u30ff\u4e00-\u9fff]/u;
