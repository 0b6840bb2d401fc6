/**
 * Words that must appear for a family of request-for-a-person patterns to run: a turn without any
 * of them skips every regular expression, and a turn with only English words skips the other
 * languages. Misspellings map onto these words (see lexicon-human-typos.ts).
 */

const words = (list: string): readonly string[] => list.trim().split(/\s+/);

export const ANCHOR_WORDS = {
  /** People, callbacks and escalation in English: what an explicit request names. */
  person: words(`
    human humans person persons people agent agents representative representatives rep reps operator
    operators manager managers supervisor supervisors someone somebody anyone anybody staff employee
    employees worker workers adviser advisor advisers advisors consultant consultants specialist
    specialists associate associates attendant attendants executive executives officer officers banker
    bankers clerk clerks receptionist receptionists boss expert experts
    call ring phone telephone callback escalate escalation
  `),
  /** What a question about the bot or a refusal of it needs, besides the person words. */
  bot: words(`
    human humans person persons people agent talk talking speak speaking chat chatting bot bots robot robots machine machines ai computer chatbot
    program automated automatic real alive sentient
  `),
  /** Teams and places inside the business. */
  department: words(`
    reception desk concierge spa gym pool bar restaurant kitchen bank branch store shop office hotel
    housekeeping service services billing sales accounts accounting fraud security claims complaints
    support helpdesk care relations team department dept division centre center
  `),
  /** Spanish, Portuguese, Italian, French and German. */
  otherLanguages: words(`
    persona personas humano humanos humana agente agentes asesor asesora operador operadora
    representante gerente encargado encargada supervisora alguien ejecutivo ejecutiva empleado empleada
    responsable jefe llámame llamame llámenme llamenme llámeme llameme llamar llamen atención atencion
    servicio soporte recepción recepcion máquina maquina ia
    atendente atendentes pessoa pessoas consultor consultora alguém alguem funcionário funcionario
    funcionária funcionaria responsável liga ligue liguem ligar telefone telefonem atendimento sac
    recepção recepcao robô robo
    operatore operatori operatrice umano essere consulente qualcuno addetto addetta impiegato impiegata
    dipendente direttore supervisore assistente richiamatemi chiamatemi richiami richiamate chiami
    chiamate chiamare servizio assistenza macchina persone
    conseiller conseillère conseillere conseillers humain humains être etre opérateur operateur
    opératrice responsables quelqu'un interlocuteur interlocutrice superviseur gérant gerant
    employé employe technicien personne rappelez appelez rappelle appelle rappeler téléphoner telephoner
    contacter client réception
    mitarbeiter mitarbeiterin mitarbeitern mensch menschen berater beraterin kundenberater
    kundenberaterin agenten vorgesetzten vorgesetzte chef sachbearbeiter sachbearbeiterin
    ansprechpartner ansprechpartnerin servicemitarbeiter kundendienst kundenservice jemandem jemanden
    jemand rückruf rueckruf ruf rufen roboter ki maschine
    menschliche menschlichen echter echten hilfe kundensupport hotline verbinde leiten stellen
    parler parle joindre besoin passez mettez transférez transferez sav suporte supporto soporte
    medewerker medewerkers mens mensen persoon iemand adviseur adviseurs klantenservice klantendienst
    servicedesk doorverbinden verbind verbinden menselijke
    hablar habla hable hablo comunicarme comuníqueme comuniqueme platicar conversar chatear falar fale
    parlare parlo parli chattare discuter sprechen reden spreken praten
    supervisor supervisores pásame pasame páseme paseme transfiéreme transfiereme ponme póngame comunícame conéctame
    après apres vente bitte graag alstublieft alsjeblieft svp stp favore porfavor porfa gracias obrigado obrigada grazie merci danke
  `),
} as const;

/** Which pattern families a word opens, as bits. */
export const ANCHOR = { person: 1, bot: 2, department: 4, otherLanguages: 8 } as const;

/** Every anchor word with the families it opens. */
export function anchorMasks(): Map<string, number> {
  const masks = new Map<string, number>();
  for (const family of Object.keys(ANCHOR_WORDS) as (keyof typeof ANCHOR_WORDS)[]) {
    for (const word of ANCHOR_WORDS[family]) masks.set(word, (masks.get(word) ?? 0) | ANCHOR[family]);
  }
  return masks;
}
