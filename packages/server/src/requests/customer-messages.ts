/**
 * Ready-to-show sentences for the customer's status events, in the conversation's language (the
 * customer's `language` attribute: en, es, fr, de, pt; anything else falls back to English).
 */
export const CUSTOMER_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

/** The supported language of a tag such as `pt-BR` or `ES`, or English. */
export function customerLanguage(tag: unknown): CustomerLanguage {
  const primary = typeof tag === 'string' ? tag.trim().toLowerCase().split(/[-_]/)[0] : '';
  return (CUSTOMER_LANGUAGES as readonly string[]).includes(primary ?? '')
    ? (primary as CustomerLanguage)
    : 'en';
}

export interface MessageFacts {
  position?: number | null;
  estimatedWaitSeconds?: number | null;
  operatorName?: string | null;
  operatorsOnline?: number;
}

type Phrasebook = {
  minutes: (minutes: number) => string;
  lessThanMinute: string;
  queued: (facts: MessageFacts) => string;
  position: (position: number, wait: string | null) => string;
  nobodyOnline: string;
  joined: (name: string | null) => string;
  left: string;
  returned: string;
  expired: string;
  callback: string;
  /** An operator is writing a reply (an ephemeral indicator). */
  typing: (name: string | null) => string;
};

const BOOKS: Record<CustomerLanguage, Phrasebook> = {
  en: {
    minutes: (m) => `about ${m} minute${m === 1 ? '' : 's'}`,
    lessThanMinute: 'less than a minute',
    queued: () => "A person from our team will join this conversation. You won't need to repeat anything.",
    position: (p, wait) =>
      `${p === 1 ? 'You are next in the queue' : `You are number ${p} in the queue`}${wait ? `; the wait is ${wait}` : ''}.`,
    nobodyOnline:
      'Nobody from our team is available right now; you can leave a message or a number for a callback.',
    joined: (name) =>
      name
        ? `${name} from our team has joined the conversation.`
        : 'A person from our team has joined the conversation.',
    left: 'The person from our team has left the conversation.',
    returned: 'You are back with our assistant, who knows what was done so far.',
    expired:
      'Nobody from our team could join in time. Our assistant is here to help, and you can ask for a callback.',
    callback: 'Thank you: we have your details and a person will get back to you.',
    typing: (name) => (name ? `${name} is typing…` : 'Someone from our team is typing…'),
  },
  es: {
    minutes: (m) => `unos ${m} minuto${m === 1 ? '' : 's'}`,
    lessThanMinute: 'menos de un minuto',
    queued: () => 'Una persona de nuestro equipo se unirá a esta conversación. No tendrá que repetir nada.',
    position: (p, wait) =>
      `${p === 1 ? 'Es el siguiente en la cola' : `Es el número ${p} en la cola`}${wait ? `; la espera es de ${wait}` : ''}.`,
    nobodyOnline:
      'Ahora no hay nadie de nuestro equipo disponible; puede dejar un mensaje o un número para que le llamemos.',
    joined: (name) =>
      name
        ? `${name}, de nuestro equipo, se ha unido a la conversación.`
        : 'Una persona de nuestro equipo se ha unido a la conversación.',
    left: 'La persona de nuestro equipo ha salido de la conversación.',
    returned: 'Vuelve a estar con nuestro asistente, que sabe lo que se ha hecho hasta ahora.',
    expired:
      'Nadie de nuestro equipo pudo unirse a tiempo. Nuestro asistente puede ayudarle, y puede pedir que le llamemos.',
    callback: 'Gracias: tenemos sus datos y una persona se pondrá en contacto con usted.',
    typing: (name) => (name ? `${name} está escribiendo…` : 'Alguien de nuestro equipo está escribiendo…'),
  },
  fr: {
    minutes: (m) => `environ ${m} minute${m === 1 ? '' : 's'}`,
    lessThanMinute: "moins d'une minute",
    queued: () =>
      "Une personne de notre équipe va rejoindre cette conversation. Vous n'aurez rien à répéter.",
    position: (p, wait) =>
      `${p === 1 ? 'Vous êtes le prochain dans la file' : `Vous êtes numéro ${p} dans la file`}${wait ? `; l'attente est de ${wait}` : ''}.`,
    nobodyOnline:
      "Personne de notre équipe n'est disponible pour le moment ; vous pouvez laisser un message ou un numéro pour être rappelé.",
    joined: (name) =>
      name
        ? `${name}, de notre équipe, a rejoint la conversation.`
        : 'Une personne de notre équipe a rejoint la conversation.',
    left: 'La personne de notre équipe a quitté la conversation.',
    returned: "Vous êtes de nouveau avec notre assistant, qui sait ce qui a été fait jusqu'ici.",
    expired:
      "Personne de notre équipe n'a pu vous rejoindre à temps. Notre assistant peut vous aider, et vous pouvez demander à être rappelé.",
    callback: 'Merci : nous avons vos coordonnées et une personne vous recontactera.',
    typing: (name) => (name ? `${name} est en train d’écrire…` : 'Quelqu’un de notre équipe écrit…'),
  },
  de: {
    minutes: (m) => `etwa ${m} Minute${m === 1 ? '' : 'n'}`,
    lessThanMinute: 'weniger als eine Minute',
    queued: () => 'Eine Person aus unserem Team kommt in dieses Gespräch. Sie müssen nichts wiederholen.',
    position: (p, wait) =>
      `${p === 1 ? 'Sie sind als Nächstes an der Reihe' : `Sie sind Nummer ${p} in der Warteschlange`}${wait ? `; die Wartezeit beträgt ${wait}` : ''}.`,
    nobodyOnline:
      'Gerade ist niemand aus unserem Team erreichbar; Sie können eine Nachricht oder eine Nummer für einen Rückruf hinterlassen.',
    joined: (name) =>
      name
        ? `${name} aus unserem Team ist dem Gespräch beigetreten.`
        : 'Eine Person aus unserem Team ist dem Gespräch beigetreten.',
    left: 'Die Person aus unserem Team hat das Gespräch verlassen.',
    returned: 'Sie sind wieder bei unserem Assistenten, der weiß, was bisher getan wurde.',
    expired:
      'Niemand aus unserem Team konnte rechtzeitig beitreten. Unser Assistent hilft Ihnen weiter, und Sie können um einen Rückruf bitten.',
    callback: 'Danke: Wir haben Ihre Angaben, und eine Person meldet sich bei Ihnen.',
    typing: (name) => (name ? `${name} schreibt…` : 'Jemand aus unserem Team schreibt…'),
  },
  pt: {
    minutes: (m) => `cerca de ${m} minuto${m === 1 ? '' : 's'}`,
    lessThanMinute: 'menos de um minuto',
    queued: () =>
      'Uma pessoa da nossa equipa vai juntar-se a esta conversa. Não vai precisar de repetir nada.',
    position: (p, wait) =>
      `${p === 1 ? 'É o próximo na fila' : `É o número ${p} na fila`}${wait ? `; a espera é de ${wait}` : ''}.`,
    nobodyOnline:
      'Neste momento ninguém da nossa equipa está disponível; pode deixar uma mensagem ou um número para lhe ligarmos.',
    joined: (name) =>
      name
        ? `${name}, da nossa equipa, juntou-se à conversa.`
        : 'Uma pessoa da nossa equipa juntou-se à conversa.',
    left: 'A pessoa da nossa equipa saiu da conversa.',
    returned: 'Está de novo com o nosso assistente, que sabe o que foi feito até agora.',
    expired:
      'Ninguém da nossa equipa conseguiu juntar-se a tempo. O nosso assistente pode ajudar, e pode pedir que lhe liguemos.',
    callback: 'Obrigado: temos os seus dados e uma pessoa vai entrar em contacto consigo.',
    typing: (name) => (name ? `${name} está a escrever…` : 'Alguém da nossa equipa está a escrever…'),
  },
};

export type CustomerEventType =
  | 'queued'
  | 'position-changed'
  | 'operator-joined'
  | 'operator-left'
  | 'returned'
  | 'expired'
  | 'callback-scheduled'
  | 'operator-typing';

function waitPhrase(book: Phrasebook, seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  return seconds < 60 ? book.lessThanMinute : book.minutes(Math.ceil(seconds / 60));
}

/** The sentence to show for one status event. */
export function customerMessage(
  language: CustomerLanguage,
  type: CustomerEventType,
  facts: MessageFacts,
): string {
  const book = BOOKS[language];
  switch (type) {
    case 'queued':
    case 'position-changed': {
      if (facts.operatorsOnline === 0) return book.nobodyOnline;
      const place =
        typeof facts.position === 'number'
          ? book.position(facts.position, waitPhrase(book, facts.estimatedWaitSeconds))
          : '';
      return type === 'queued' ? [book.queued(facts), place].filter(Boolean).join(' ') : place;
    }
    case 'operator-joined':
      return book.joined(facts.operatorName ?? null);
    case 'operator-left':
      return book.left;
    case 'returned':
      return book.returned;
    case 'expired':
      return book.expired;
    case 'callback-scheduled':
      return book.callback;
    case 'operator-typing':
      return book.typing(facts.operatorName ?? null);
  }
}
