/**
 * The grammar of "I want a person" in Spanish, Portuguese, Italian, French, German and Dutch: per
 * language, the people a customer asks for (with determiners, adjectives and the third parties that
 * only look like them: "agente inmobiliario", "agent de voyage"), the forms that ask (want, need, can
 * I, put me through, is there), the services a customer may name instead of a person, and the
 * politeness that may surround a message that is nothing but a person ("un operatore, per favore").
 * Each request is composed from a form and a person, so a sentence nobody wrote down here still
 * reads ("¿me podría comunicar con algún asesor?").
 *
 * Every pattern runs on `TextView.lower` (lowercased, NFKC, straight quotes, single spaces).
 */
import { WORD_END, WORD_START } from './lexicon-human-request.ts';

const either = (...parts: readonly string[]): string => `(?:${parts.join('|')})`;

/** One language's grammar of a request for a person, as regular expression sources. */
export interface LanguageGrammar {
  /** A person the customer can be put through to, with its determiner and adjectives. */
  person: string;
  /** Forms that end right before the person: "quiero hablar con", "pásame con", "j'ai besoin d'". */
  before: readonly string[];
  /** Whole requests whose person sits inside or before the verb (German and Dutch verb-last). */
  whole: readonly string[];
  /** "Is there": the person must then stand alone or be said to be there, free, to talk to. */
  isThere: string;
  /** What may follow the person after "is there" ("?", "available", "with whom I can talk"). */
  thereCue: string;
  /** A message that is nothing but one of these is a request ("operatore!", "echter Mensch"). */
  shortPerson: string;
  /** Customer service, support, a help desk: a service, not a person. */
  service: string;
  /** Forms that move the customer to a named service ("hablar con", "verbinden Sie mich mit"). */
  serviceBefore: readonly string[];
  /** Whole requests for a named service in verb-last order ("mit dem Kundendienst sprechen"). */
  serviceWhole: readonly string[];
  /** Greetings, thanks and "please", which may surround a short request. */
  polite: string;
  /** Questions about the bot: "¿eres humano?". */
  botQuestion: string;
}

// ---------------------------------------------------------------- Spanish

const PERSON_ES = String.raw`(?:(?:un|una|el|la|al|a la|a un|a una|algún|algun|alguna|su|sus|otro|otra|un ser)\s+)?(?:(?:verdader[oa]|real|auténtic[oa]|autentic[oa])\s+)?(?:personas?(?:\s+(?:reale?s?|humanas?|de verdad|f[ií]sicas?|de carne y hueso))?|humanos?|ser humano|agentes?(?:\s+(?:humanos?|reale?s?))?|asesor(?:a|es)?|operador(?:a|es)?(?:\s+humano)?|representantes?|gerentes?|encargad[oa]s?|supervisor(?:a|es)?|alguien(?:\s+(?:real|de verdad|humano))?|ejecutiv[oa]s?(?: de cuenta)?|emplead[oa]s?|responsables?|jefe)${WORD_END}(?!\s+(?:inmobiliari[oa]s?|de (?:viajes?|seguros|bienes ra[íi]ces|aduanas?|tr[áa]nsito|polic[íi]a)|que (?:me )?(?:rob|us|hiz|envi|mand|pag)))`;

const spanish: LanguageGrammar = {
  person: PERSON_ES,
  before: [
    String.raw`(?:hablar|hable|hablo|habla|comunicarme|comunicar|chatear|conversar|platicar|atenderme|ser atendid[oa]|que me atienda)\s+(?:(?:directamente|ahora|ya|personalmente)\s+)?(?:con|por)\s+`,
    String.raw`(?:contactar|contactarme|llamar|ponerme en contacto|poner(?:me)? en contacto|entrar en contacto|contacto)\s+(?:con\s+|a\s+)?`,
    String.raw`(?:p[áa]same|p[áa]seme|p[áa]senme|comun[íi]came|comun[íi]queme|comun[íi]quenme|ponme|p[óo]ngame|p[óo]nganme|transfi[ée]reme|transfi[ée]rame|transfi[ée]ranme|transferirme|con[ée]ctame|con[ée]cteme|conectarme|der[íi]vame|der[íi]veme|der[íi]venme|transferir|derivar|pasar|conectar|comunicar)\s+(?:con|a|al|a la)\s+`,
    String.raw`(?:quiero|necesito|quisiera|deseo|exijo|prefiero|pido|solicito|dame|denme|dadme|me gustar[íi]a|busco)\s+(?:(?:ayuda|atenci[óo]n|asistencia|hablar|que me atienda)\s+(?:de|con|por)\s+)?`,
    String.raw`(?:me |nos )?(?:puede|pueden|podr[íi]a|podr[íi]an)\s+atender\s+`,
    String.raw`que me (?:atienda|atiendan|llame|llamen|contacte|contacten|ayude)\s+`,
    String.raw`(?:me|nos)\s+(?:(?:puede|pueden|podr[íi]a|podr[íi]an|puedes|podr[íi]as)\s+)?(?:pasa|pase|pasen|pasas|pasar|comunica|comunique|comuniquen|comunicas|comunicar|pone|ponga|pongan|poner|transfiere|transfiera|transfieran|transferir|conecta|conecte|conecten|conectar|deriva|derive|deriven|derivar)\s+(?:con|a|al|a la)\s+`,
  ],
  whole: [
    String.raw`(?:atenci[óo]n|ayuda|asistencia)\s+(?:humana|personal(?:izada)?|de (?:una persona|un humano|un agente|un asesor))`,
    String.raw`(?:ll[áa]mame|ll[áa]menme|ll[áa]meme|me (?:pueden|puede|podr[íi]an|podr[íi]a) llamar|que me llamen|me llaman por tel[ée]fono)`,
  ],
  isThere: String.raw`(?:hay|habr[áa]|tienen|existe)\s+`,
  thereCue: String.raw`[?!.]|$|ah[íi]|all[íi]|aqu[íi]|por aqu[íi]|disponibles?|con (?:l[oa]s? )?(?:que|quien|qui[ée]n|cual)|que (?:me )?pueda|para (?:hablar|atender)`,
  shortPerson: String.raw`(?:(?:un|una)\s+)?(?:humano|agente(?: humano)?|asesor(?:a)?|operador(?:a)?(?: humano)?|representante|persona (?:real|humana|de verdad|f[ií]sica)|alguien (?:real|de verdad|humano)(?: (?:por )?(?:aqu[íi]|ah[íi]))?|ser humano)`,
  service: String.raw`(?:(?:el|la|al|a la)\s+)?(?:servicio (?:de )?(?:atenci[óo]n )?al cliente|atenci[óo]n (?:al cliente|a clientes)|servicio t[ée]cnico|soporte(?: t[ée]cnico)?|asistencia t[ée]cnica)${WORD_END}(?!\s+(?:n[úu]mero|tel[ée]fono|correo|email|horario|direcci[óo]n))`,
  serviceBefore: [
    String.raw`(?:hablar|comunicarme|chatear|contactar|ponerme en contacto|conversar)\s+con\s+`,
    String.raw`(?:p[áa]same|p[áa]seme|p[áa]senme|comun[íi]came|comun[íi]queme|ponme|p[óo]ngame|transfi[ée]reme|transfi[ée]rame|con[ée]ctame|con[ée]cteme|der[íi]vame|der[íi]veme)\s+(?:con|a|al)\s+`,
  ],
  serviceWhole: [],
  polite: String.raw`por favor|porfa|porfavor|ya|ahora|gracias|hola|buenas|quiero|necesito|con|hablar con`,
  botQuestion: String.raw`(?:eres|es usted|estoy hablando con|hablo con) (?:un |una )?(?:robot|bot|humano|humana|persona|m[áa]quina|ia|agente|operador(?:a)?|asesor(?:a)?)`,
};

// ---------------------------------------------------------------- Portuguese

const PERSON_PT = String.raw`(?:(?:um|uma|o|a|algum|alguma|seu|sua|outro|outra)\s+)?(?:(?:verdadeir[oa]|real)\s+)?(?:atendentes?(?:\s+(?:humanos?|reais|real))?|pessoas?(?:\s+(?:reais|real|de verdade|humanas?))?|humanos?|ser humano|agentes?(?:\s+(?:humanos?|reais|real))?|operador(?:a|es)?|gerentes?|consultor(?:a|es)?|representantes?|algu[ée]m(?:\s+(?:real|de verdade))?|funcion[aá]ri[oa]s?|supervisor(?:a|es)?|respons[aá]vel)${WORD_END}(?!\s+(?:de (?:viagens?|seguros|im[óo]veis|tr[âa]nsito|pol[íi]cia)|imobili[aá]ri[oa]|que (?:me )?(?:roub|us|fez|envi|mand|pag)))`;

const portuguese: LanguageGrammar = {
  person: PERSON_PT,
  before: [
    String.raw`(?:falar|fale|falo|conversar|converse|contatar|contactar|chat(?:ear)?|ser atendid[oa])\s+(?:(?:diretamente|agora|j[áa])\s+)?(?:com|por)\s+`,
    String.raw`(?:contatar|contactar|chamar|entrar em contato com|entrar em contacto com|ficar em contato com)\s+`,
    String.raw`(?:me\s+)?(?:passa|passe|passar|transfira|transfere|transferir|conecta|conecte|coloca|coloque|encaminha|encaminhe|bota|bote)(?:-me)?\s+(?:para|pra|com|a|em contato com)\s+`,
    String.raw`(?:quero|preciso(?: de)?|queria|gostaria de|desejo|exijo|solicito|pe[çc]o)\s+(?:(?:ajuda|atendimento|falar)\s+(?:de|com|por)\s+)?`,
  ],
  whole: [
    String.raw`(?:atendimento|suporte|ajuda)\s+(?:humano|humana|pessoal|de (?:uma pessoa|um humano|um atendente|uma atendente))`,
    String.raw`(?:me (?:liga|ligue|liguem|ligar|telefone|telefonem)|liguem-me|ligue-me)`,
  ],
  isThere: String.raw`(?:tem|h[áa]|existe|voc[êe]s t[êe]m)\s+`,
  thereCue: String.raw`[?!.]|$|a[íi]|dispon[íi]ve(?:l|is)|com quem|que (?:me )?possa|pr?a (?:falar|me atender)|para (?:falar|me atender)`,
  shortPerson: String.raw`(?:(?:um|uma)\s+)?(?:atendente(?: humano)?|humano|agente humano|operador(?:a)?|pessoa (?:real|de verdade|humana)|algu[ée]m real|ser humano)`,
  service: String.raw`(?:(?:o|a|ao|à)\s+)?(?:atendimento(?: ao cliente| humano)?|servi[çc]o (?:de atendimento )?ao cliente|suporte(?: t[ée]cnico)?|sac)${WORD_END}(?!\s+(?:n[úu]mero|telefone|e-?mail|hor[áa]rio|endere[çc]o))`,
  serviceBefore: [
    String.raw`(?:falar|conversar|contatar|contactar)\s+com\s+`,
    String.raw`(?:me\s+)?(?:passa|passe|transfira|transfere|conecta|conecte|coloca|coloque|encaminha|encaminhe)(?:-me)?\s+(?:para|pra|com)\s+`,
  ],
  serviceWhole: [],
  polite: String.raw`por favor|pf|pfv|obrigad[oa]|oi|ol[áa]|quero|preciso de|j[áa]|agora|com|falar com`,
  botQuestion: String.raw`(?:voc[êe] [ée]|vc [ée]|estou falando com|falo com) (?:um |uma )?(?:rob[ôo]|bot|humano|pessoa|m[áa]quina|atendente|agente)`,
};

// ---------------------------------------------------------------- Italian

const PERSON_IT = String.raw`(?:(?:un|uno|una|un'|il|lo|la|l'|qualche|un altro|un'altra|col|con un|con una)\s*)?(?:(?:vera?|reale)\s+)?(?:operat(?:ore|ori|rice|rici)(?:\s+umano)?|persona(?:\s+(?:reale|vera|fisica|in carne e ossa))?|persone(?:\s+(?:reali|vere))?|umano|essere umano|agente(?:\s+umano)?|consulente|responsabile|qualcuno(?:\s+(?:di (?:reale|umano|vero)|in carne e ossa|vero|reale))?|addett[oa]|impiegat[oa]|dipendente|direttore|supervisore|assistente umano)${WORD_END}(?!\s+(?:immobiliar[ei]|di (?:viaggio|viaggi|commercio|assicurazion[ei]|polizia|borsa)|assicurativ[oi]|che (?:mi )?(?:ha rubato|ha usato|ho pagato)))`;

const italian: LanguageGrammar = {
  person: PERSON_IT,
  before: [
    String.raw`(?:parlare|parlo|parli|parlate|chattare|comunicare|sentire|interagire)\s+(?:(?:direttamente|subito|ora|adesso)\s+)?(?:con|col|a|ad)\s+`,
    String.raw`(?:contattare|raggiungere|chiamare|(?:mettermi|metterci|entrare) in contatto con)\s+`,
    String.raw`(?:mi|ci)\s+(?:passi|passa|passate|metta|metti|mettete|trasferisca|trasferisci|trasferite|colleghi|collega|collegate)\s+(?:(?:con|a|ad|in contatto con)\s+)?`,
    String.raw`(?:mi|ci)\s+(?:pu[òo]|potete|potresti|potrebbe|puoi)\s+(?:passare|mettere in contatto con|trasferire a|collegare con|collegare a)\s+`,
    String.raw`(?:posso|potrei|vorrei|voglio)\s+avere\s+`,
    String.raw`(?:essere|venire|farmi) (?:contattat[oa]|richiamat[oa]|chiamat[oa]|ricontattat[oa]|aiutat[oa]|seguit[oa]|assistit[oa]) da\s+`,
    String.raw`(?:passatemi|collegatemi|mettetemi in contatto con|trasferitemi|passami|collegami|trasferiscimi)\s+(?:(?:con|a|ad)\s+)?`,
    String.raw`(?:voglio|vorrei|chiedo|esigo|desidero|mi serve|mi servirebbe|ho bisogno(?: di| d')?|cerco)\s*(?:(?:aiuto|assistenza|parlare)\s+(?:da|di|con)\s+)?`,
  ],
  whole: [
    String.raw`(?:richiamatemi|chiamatemi|mi (?:richiami|richiamate|chiami|chiamate|potete chiamare|pu[òo] chiamare))`,
  ],
  isThere: String.raw`(?:c'[èe]|ci sono|avete|esiste)\s+`,
  thereCue: String.raw`[?!.]|$|l[ìi]|disponibil[ei]|con cui|che (?:mi )?possa|per parlare`,
  shortPerson: String.raw`(?:(?:un|un'|una)\s*)?(?:operat(?:ore|rice)(?: umano)?|umano|persona (?:reale|vera)|essere umano|consulente|agente umano)`,
  service: String.raw`(?:(?:il|l'|al|all'|col|con il|con l')\s*)?(?:servizio (?:clienti|assistenza)|assistenza(?: clienti| tecnica)?|supporto(?: tecnico| clienti)?|customer care)${WORD_END}(?!\s+(?:numero|telefono|e-?mail|orari|indirizzo))`,
  serviceBefore: [
    String.raw`(?:parlare|chattare|contattare|mettermi in contatto)\s+(?:con|col)\s+`,
    String.raw`(?:mi\s+(?:passi|passa|metta|trasferisca|colleghi|collega)|passatemi|collegatemi|trasferitemi)\s+(?:(?:con|a|al|all')\s*)?`,
  ],
  serviceWhole: [],
  polite: String.raw`per favore|perfavore|per piacere|grazie|subito|ciao|salve|voglio|vorrei|con|parlare con`,
  botQuestion: String.raw`(?:sei|[èe] un|sto parlando con|parlo con) (?:un |una |un')?(?:robot|bot|umano|persona|macchina|operat(?:ore|rice)|agente)`,
};

// ---------------------------------------------------------------- French

const PERSON_FR = String.raw`(?:(?:un|une|le|la|l'|votre|vos|un autre|une autre)\s*)?(?:(?:vrai|vraie|véritable|veritable)\s+)?(?:conseill(?:er|ère|ere)s?(?:\s+client(?:èle)?)?|humains?|être humain|etre humain|agents?(?:\s+humains?)?|op[ée]rat(?:eur|rice)s?(?:\s+humain)?|responsables?|quelqu'un(?:\s+de (?:r[ée]el|vrai|humain))?|interlocut(?:eur|rice)|superviseur|manager|g[ée]rant|employ[ée]|technicien|(?<=une (?:vraie )?)personne(?:\s+(?:r[ée]elle|physique|humaine))?)${WORD_END}(?!\s+(?:immobilier|de (?:voyages?|s[ée]curit[ée]|police|change|la circulation)|d'assurances?|du compte|qui (?:m'a|a) (?:vol|utilis|envoy)))`;

const french: LanguageGrammar = {
  person: PERSON_FR,
  before: [
    String.raw`(?:parler|parle|discuter|[ée]changer|avoir affaire)\s+(?:(?:directement|maintenant|tout de suite)\s+)?(?:à|a|avec|au)\s*`,
    String.raw`(?:contacter|joindre|avoir|(?:entrer|me mettre|mettre|rentrer) en (?:contact|relation) avec)\s+`,
    String.raw`(?:passez|passe|mettez|mets|transf[ée]rez|transf[ée]re|connectez|redirigez|orientez)-?\s*moi\s+(?:(?:en (?:relation|contact) )?(?:avec|à|a|au|vers)\s+)?`,
    String.raw`(?:[êe]tre )?(?:mis|mise|transf[ée]r[ée]e?|redirig[ée]e?) (?:en (?:relation|contact) avec|(?:à|a|vers))\s+`,
    String.raw`me (?:passer|transf[ée]rer (?:à|a|vers)|mettre en (?:relation|contact) avec|rediriger vers)\s+`,
    String.raw`(?:je (?:veux|voudrais|souhaite|souhaiterais|demande|exige|pr[ée]f[èe]re|cherche)|donnez-moi|j'ai besoin d(?:e\s+|')|il me faut)\s*(?:(?:l'aide|l'assistance|parler)\s+(?:d'|de\s+|à\s+)\s*)?`,
  ],
  whole: [
    String.raw`(?:aide|assistance|support|interlocuteur|contact)\s+humaine?`,
    String.raw`(?:rappelez-moi|appelez-moi|rappelle-moi|appelle-moi|me rappeler|me rappelle|me t[ée]l[ée]phoner|me contacter par t[ée]l[ée]phone)`,
  ],
  isThere: String.raw`(?:y a-t-il|il y a|est-ce qu'il y a|y'a-t-il|y'a|ya)\s+`,
  thereCue: String.raw`[?!.]|$|l[àa]|disponibles?|à qui|a qui|avec qui|qui (?:peut|pourrait)|pour (?:parler|m'aider)`,
  shortPerson: String.raw`(?:(?:un|une)\s+)?(?:(?:vrai|vraie)\s+)?(?:conseill(?:er|ère)|humain|op[ée]rat(?:eur|rice)|agent humain|personne r[ée]elle|être humain|(?<=vraie )personne)`,
  service: String.raw`(?:(?:le|au|du|à la|la)\s+)?(?:service (?:client(?:èle|ele)?|apr[èe]s[- ]vente|consommateurs?)|sav|support(?: technique| client)?|assistance(?: technique)?|hotline)${WORD_END}(?!\s+(?:num[ée]ro|t[ée]l[ée]phone|e-?mail|horaires?|adresse))`,
  serviceBefore: [
    String.raw`(?:parler|discuter|contacter|joindre)\s+(?:(?:à|a|avec)\s+)?`,
    String.raw`(?:passez|mettez|transf[ée]rez|connectez|redirigez)-?\s*moi\s+(?:(?:en (?:relation|contact) )?(?:avec|à|a|vers)\s+)?`,
  ],
  serviceWhole: [],
  polite: String.raw`svp|s'il vous pla[îi]t|s'il te pla[îi]t|stp|merci|bonjour|je veux|je voudrais|avec|parler (?:à|a|avec)`,
  botQuestion: String.raw`(?:es-tu|êtes-vous|etes-vous|t'es|tu es|vous êtes|vous etes|je parle (?:à|a|avec)) (?:un |une )?(?:robot|bot|humain|vraie personne|personne|machine|ia)`,
};

// ---------------------------------------------------------------- German

/** German people; compounds ("Personalabteilung", "Versicherungsvertreter") never match a whole word. */
const NOUN_DE = String.raw`(?:mitarbeiter(?:in|innen|n)?|mensch(?:en)?|person|berater(?:in|n)?|kundenberater(?:in|n)?|agent(?:en)?|vorgesetzten?|chef|manager|sachbearbeiter(?:in|n)?|ansprechpartner(?:in|n)?|servicemitarbeiter(?:in|n)?|support-mitarbeiter(?:in|n)?|jemandem|jemanden|jemand)`;
const ADJECTIVE_DE = String.raw`(?:(?:echten?|echter|echte|realen?|menschlichen?|richtigen?|lebendigen?|anderen?)\s+)?`;
const PERSON_DE = String.raw`(?:(?:einem?|einer|einen|dem|der|den|ihrem|ihren|ihre|eure[mn]?)\s+)?${ADJECTIVE_DE}${NOUN_DE}${WORD_END}`;
const SERVICE_DE = String.raw`(?:(?:dem|den|der|zum|zur)\s+)?(?:kundendienst|kundenservice|kundenbetreuung|kundensupport|support|hotline|service-?team|technischen support)${WORD_END}`;
/** Verbs that end a German request: "mit einem Menschen sprechen", "an einen Berater weiterleiten". */
const LAST_VERB_DE = String.raw`(?:sprechen|reden|verbinden|verbunden|telefonieren|chatten|schreiben|treten|aufnehmen|weiter|weiterleiten|weitergeleitet|durch|durchstellen|durchgestellt)`;

const german: LanguageGrammar = {
  person: PERSON_DE,
  before: [
    String.raw`(?:verbinde|verbinden sie|verbindet|stellen sie|stell|leiten sie|leite|leitet)\s+mich(?:\s+bitte)?(?:\s+(?:direkt|jetzt|sofort))?\s+(?:mit|zu|an)\s+`,
    String.raw`(?:möchte|moechte|will|brauche|benötige|benoetige|hätte gerne?|haette gerne?|hätte|wünsche|verlange|bitte|suche)\s+(?:(?:gerne?|bitte|jetzt|sofort|einfach)\s+)?(?=(?:einen|eine|ein|einem)\s)`,
  ],
  whole: [
    String.raw`(?:mit|zu|an)\s+${PERSON_DE}(?:\s+[\p{L}-]+){0,3}?\s+${LAST_VERB_DE}`,
    String.raw`(?:einen|eine|ein|den|die|ihren|ihre)\s+${ADJECTIVE_DE}(?:mitarbeiter(?:in)?|menschen|person|berater(?:in)?|kundenberater(?:in)?|agenten|vorgesetzten|ansprechpartner(?:in)?|sachbearbeiter(?:in)?)(?:\s+[\p{L}-]+){0,3}?\s+(?:sprechen|kontaktieren|erreichen|anrufen)`,
    String.raw`(?:möchte|moechte|will|brauche|benötige|benoetige|hätte gerne?|haette gerne?|wünsche|suche)\s+(?:(?:gerne?|bitte|jetzt|sofort|einfach)\s+)?(?:menschliche|persönliche|persoenliche|echte)\s+(?:hilfe|unterstützung|unterstuetzung|beratung|betreuung)`,
    String.raw`(?:jemand(?:en)?|einen menschen|eine person|einen mitarbeiter)\s*,?\s*(?:mit dem|mit der|zum|den ich|die ich|der mir|die mir)(?:\s+[\p{L}-]+){0,3}?\s+(?:sprechen|reden|anrufen|erreichen|helfen|hilft)`,
    String.raw`(?:hilfe|unterstützung|unterstuetzung|beratung)\s+(?:von|durch)\s+${PERSON_DE}`,
    String.raw`(?:kann|könnte|koennte|kannst|können|koennen)\s+(?:mir|uns)\s+(?:bitte\s+)?(?:ein|eine|einer|jemand)\s+${ADJECTIVE_DE}(?:mensch|mitarbeiter(?:in)?|berater(?:in)?|person)?\s*(?:bitte\s+)?(?:helfen|weiterhelfen|zurückrufen|zurueckrufen)`,
    String.raw`(?:ist|sind)\s+(?:da|hier|dort)\s+(?:(?:ein|eine)\s+(?:echter\s+|echte\s+)?(?:mensch|mitarbeiter(?:in)?|person|berater(?:in)?)|jemand|irgendjemand|irgendwer|menschen)(?=\s*(?:[?!.]|$))`,
    String.raw`(?:ruf(?:en sie)? mich(?:\s+bitte)?\s+(?:zurück|zurueck|an)|rückruf|rueckruf)`,
  ],
  isThere: String.raw`gibt es\s+(?:(?:hier|da|dort|bei euch|bei ihnen|noch|auch)\s+)?`,
  thereCue: String.raw`[?!.,]|$|der|die|mit dem|mit der|zum`,
  shortPerson: String.raw`(?:(?:einen|eine|ein)\s+)?(?:echten?\s+|echter\s+|richtigen?\s+|menschlichen?\s+)?(?:mitarbeiter(?:in)?|mensch(?:en)?|berater(?:in)?|kundenberater(?:in)?|sachbearbeiter(?:in)?|ansprechpartner(?:in)?)|(?:eine\s+)?echte person`,
  service: SERVICE_DE,
  serviceBefore: [
    String.raw`(?:verbinde|verbinden sie|verbindet|stellen sie|stell|leiten sie|leite)\s+mich(?:\s+bitte)?\s+(?:mit|zu|an)\s+`,
  ],
  serviceWhole: [String.raw`(?:mit|zu|an)\s+${SERVICE_DE}(?:\s+[\p{L}-]+){0,3}?\s+${LAST_VERB_DE}`],
  polite: String.raw`bitte|danke|jetzt|sofort|hallo|ich möchte|ich will|mit`,
  botQuestion: String.raw`(?:bist du|sind sie|spreche ich (?:gerade )?mit|rede ich (?:gerade )?mit) (?:ein |eine |einem |einer )?(?:echter |echten )?(?:bot|roboter|mensch|menschen|person|maschine|ki)`,
};

// ---------------------------------------------------------------- Dutch

const PERSON_NL = String.raw`(?:(?:een|de|het|uw|jullie|je)\s+)?(?:(?:echte?|menselijke?|levende?|andere)\s+)?(?:medewerkers?|mens(?:en)?|persoon|iemand(?: anders)?|adviseurs?|operators?|agent(?:en)?|klantenservicemedewerker|servicemedewerker|leidinggevende|vertegenwoordiger|consulent)${WORD_END}`;
/** Verbs that end a Dutch request: "met een medewerker spreken", "een medewerker nodig". */
const LAST_VERB_NL = String.raw`(?:spreken|praten|chatten|bellen|verbonden|doorverbonden|doorverbinden|doorgeschakeld|in contact|nodig)`;
const SERVICE_NL = String.raw`(?:(?:de|het)\s+)?(?:klantenservice|klantendienst|helpdesk|servicedesk|support|klantencontact)${WORD_END}(?!\s+(?:nummer|telefoonnummer|e-?mail|openingstijden|adres))`;

const dutch: LanguageGrammar = {
  person: PERSON_NL,
  before: [
    String.raw`(?:doorverbinden|verbinden|doorschakelen|verbind|verbindt|schakel)\s+(?:(?:me|mij|ons)\s+)?(?:door\s+)?(?:met|naar)\s+`,
  ],
  whole: [
    String.raw`(?:met|tot|naar)\s+${PERSON_NL}(?:\s+[\p{L}-]+){0,3}?\s+${LAST_VERB_NL}`,
    String.raw`(?:wil|wil graag|zou graag|zou|moet|mag|kan|kunnen|wilde)\s+(?:(?:ik|we|wij)\s+)?(?:(?:graag|even|nu|nog)\s+)?${PERSON_NL}\s+(?:spreken|hebben|bellen)`,
    String.raw`${PERSON_NL}\s+nodig`,
    String.raw`(?:ik wil|wil ik|ik wil graag|ik zou graag)\s+${PERSON_NL}(?=\s*(?:[?!.,]|$|alstublieft|alsjeblieft|aub|graag|nu))`,
    String.raw`(?:menselijke|persoonlijke)\s+(?:hulp|ondersteuning|assistentie|service)`,
    String.raw`(?:iemand|een medewerker|een mens|een persoon)\s+aan de (?:lijn|telefoon)`,
  ],
  isThere: String.raw`(?:is er|zijn er|hebben jullie|heeft u)\s+`,
  thereCue: String.raw`[?!.,]|$|met wie|die|beschikbaar|aanwezig`,
  shortPerson: String.raw`(?:een\s+)?(?:echte?\s+)?(?:medewerker|mens|adviseur|operator)|(?:een\s+)?echte? persoon`,
  service: SERVICE_NL,
  serviceBefore: [
    String.raw`(?:doorverbinden|verbinden|verbind|verbindt)\s+(?:(?:me|mij)\s+)?(?:door\s+)?(?:met|naar)\s+`,
  ],
  serviceWhole: [String.raw`(?:met|naar)\s+${SERVICE_NL}(?:\s+[\p{L}-]+){0,3}?\s+${LAST_VERB_NL}`],
  polite: String.raw`graag|alstublieft|alsjeblieft|aub|a\.u\.b\.|nu|bedankt|hallo|ik wil|met`,
  botQuestion: String.raw`(?:ben je|ben jij|bent u|praat ik (?:met|tegen)|spreek ik (?:met|tegen)) (?:een |echt )?(?:robot|bot|mens|machine|computer|ai)`,
};

/** The languages read by the compositional grammar, by ISO 639-1 code. */
export const LANGUAGE_GRAMMARS = {
  es: spanish,
  pt: portuguese,
  it: italian,
  fr: french,
  de: german,
  nl: dutch,
};

const grammars = Object.values(LANGUAGE_GRAMMARS);

/** A request form followed by a person, a whole request, or "is there" + a person said to be there. */
function requestSource(grammar: LanguageGrammar): string {
  return either(
    `${either(...grammar.before)}${grammar.person}`,
    ...grammar.whole,
    `${grammar.isThere}${grammar.person}(?=\\s*(?:${grammar.thereCue}))`,
  );
}

function serviceSource(grammar: LanguageGrammar): string | null {
  const parts = [
    ...(grammar.serviceBefore.length > 0 ? [`${either(...grammar.serviceBefore)}${grammar.service}`] : []),
    ...grammar.serviceWhole,
  ];
  return parts.length > 0 ? either(...parts) : null;
}

/** A message, or its last sentence, that is nothing but `core`, with politeness around it. */
function shortSource(core: string, polite: string): string {
  return String.raw`(?:^|[.!?;¿¡]\s*)(?:(?:${polite})[\s,!.?:]+)*(?:${core})(?:[\s,!.?:]+(?:${polite}))*[\s!.?:]*$`;
}

/** Requests for a person in every language above. */
export const LANGUAGE_REQUEST = new RegExp(
  WORD_START + either(...grammars.map(requestSource)) + WORD_END,
  'gu',
);

/** Requests to be moved to a named service ("hablar con atención al cliente"). */
export const LANGUAGE_SERVICE_REQUEST = new RegExp(
  WORD_START +
    either(...grammars.map(serviceSource).filter((source): source is string => source !== null)) +
    WORD_END,
  'gu',
);

/** A last sentence that is nothing but a person ("un operatore, per favore"). */
export const LANGUAGE_SHORT_REQUEST = new RegExp(
  either(...grammars.map((grammar) => shortSource(grammar.shortPerson, grammar.polite))),
  'u',
);

/** A last sentence that is nothing but a service ("Kundendienst bitte"). */
export const LANGUAGE_SHORT_SERVICE = new RegExp(
  either(...grammars.map((grammar) => shortSource(grammar.service, grammar.polite))),
  'u',
);

/** Questions about the bot in these languages. */
export const LANGUAGE_BOT_QUESTION = new RegExp(
  WORD_START + either(...grammars.map((grammar) => grammar.botQuestion)) + WORD_END,
  'gu',
);
