/**
 * Words and phrases of customer frustration and politeness, English first, then Spanish, French,
 * German, Italian, Portuguese and Chinese, and the negators of sentiment.
 * Phrase syntax: see lexicon-matcher.ts. Weights are in "marker units": one clear marker of
 * frustration is about 1.0; mild ones ("again") are lower.
 */

/** Frustration phrases and their weights. */
// prettier-ignore
export const FRUSTRATION_MARKERS: Record<string, number> = {
  // English: helplessness, repetition, waiting, insults to the service. Corrections ("that's not
  // right") are not anger: the learned part weighs them (lexicon-service-failure.ts).
  useless: 0.8, 'waste of time': 1, 'wasting my time': 1, 'waste of money': 0.8, 'second time': 0.5,
  'third time': 0.9, 'fourth time': 1, 'fifth time': 1, '3rd time': 0.9, '4th time': 1, 'again': 0.4,
  'yet again': 0.7, 'once again': 0.5, ridiculous: 0.8, absurd: 0.7, unacceptable: 0.9, outrageous: 0.8,
  'still not working': 1, "still doesn't work": 1, 'still does not work': 1, "still isn't": 0.7,
  'still not': 0.5,
  'still waiting': 0.7, "still haven't": 0.6, 'still nothing': 0.7, 'still no': 0.5, "you're not helping": 1,
  'you are not helping': 1, 'not helping': 0.8, 'not helpful': 0.8, 'no help': 0.7, unhelpful: 0.8,
  'fed up': 0.9, 'sick of': 0.8, 'sick and tired': 1, 'tired of': 0.7, 'how many times': 0.9,
  'already told you': 0.9, 'i already said': 0.8, 'i already told': 0.9, 'already asked': 0.7,
  'i just said': 0.6, 'i told you': 0.7, 'for the last time': 0.9, 'are you even listening': 1,
  "you don't understand": 0.8, "you're not listening": 0.9, 'not listening': 0.7, 'makes no sense': 0.7,
  'what a joke': 0.9, 'a joke': 0.5, worst: 0.8, pathetic: 0.8, incompetent: 0.9, 'terrible service': 0.8,
  disgrace: 0.8, disgraceful: 0.8, 'for god sake': 0.8, "for god's sake": 0.8, 'for crying out loud': 0.8,
  'what the hell': 0.9, 'what the heck': 0.6, 'give me a break': 0.6, 'stupid bot': 1, 'useless bot': 1,
  'this bot': 0.4, 'nobody ~ help*': 0.6, 'no one ~ help*': 0.6, 'never again': 0.7,
  'thanks for nothing': 1.2,
  'not good enough': 0.8, 'going in circles': 0.9, 'same answer': 0.7, 'repeating yourself': 0.8,
  'you keep saying': 0.8, 'keep asking': 0.6, 'over and over': 0.8, 'not what i asked': 0.8,
  'not what i said': 0.7, "doesn't answer": 0.7, "didn't answer": 0.6, 'wrong again': 0.9,
  'frustrat*': 0.9, furious: 0.9, pissed: 0.9, 'rip off': 0.8, ripoff: 0.8, seriously: 0.4, 'come on': 0.4,
  'sort it out': 0.6, 'fix it now': 0.8, 'i demand': 0.8, 'i want to complain': 0.9, 'file a complaint': 0.9,
  'make a complaint': 0.9, 'complain*': 0.6, discontent: 0.6, 'not happy': 0.8, unhappy: 0.6,
  'very disappointed': 0.8, 'so disappointed': 0.8,
  // Spanish.
  inútil: 0.8, ridículo: 0.8, 'otra vez': 0.5, 'de nuevo': 0.4, 'ya te dije': 0.9, 'ya lo dije': 0.8,
  'pérdida de tiempo': 1, harto: 0.9, harta: 0.9, 'no sirve': 0.8, 'sigue sin funcionar': 1, pésimo: 0.9,
  inaceptable: 0.9, 'no me ayudas': 0.9, 'cuántas veces': 0.9, vergüenza: 0.6, 'tercera vez': 0.9,
  'tres veces': 0.7,
  // French.
  inutile: 0.8, ridicule: 0.8, 'encore une fois': 0.6, 'déjà dit': 0.8, 'perte de temps': 1, marre: 0.9,
  'toujours pas': 0.6, inadmissible: 0.9, inacceptable: 0.9, nul: 0.6, honteux: 0.7, 'combien de fois': 0.9,
  'vous ne comprenez pas': 0.8, "n'importe quoi": 0.7, 'troisième fois': 0.9, 'trois fois': 0.7,
  // German.
  nutzlos: 0.8, lächerlich: 0.8, 'schon wieder': 0.8, zeitverschwendung: 1, unverschämt: 0.9,
  'immer noch nicht': 0.8, 'wie oft': 0.8, 'schon gesagt': 0.8, inakzeptabel: 0.9, frechheit: 0.9,
  genervt: 0.8, katastrophe: 0.7, 'dritte mal': 0.9, 'dritten mal': 0.9,
  // Italian.
  ridicolo: 0.8, 'di nuovo': 0.4, 'ancora una volta': 0.6, 'già detto': 0.8, 'perdita di tempo': 1,
  'tempo perso': 0.8, vergogna: 0.7, inaccettabile: 0.9, assurdo: 0.8, 'ancora non funziona': 1,
  'non funziona ancora': 1, 'quante volte': 0.9, stufo: 0.9, stufa: 0.9, pessimo: 0.9,
  'terza volta': 0.9, 'tre volte': 0.7,
  // Portuguese.
  'de novo': 0.4, 'outra vez': 0.5, 'já disse': 0.8, 'perda de tempo': 1, absurdo: 0.8, vergonha: 0.7,
  inaceitável: 0.9, 'ainda não funciona': 1, 'quantas vezes': 0.9, péssimo: 0.9, 'não ajuda': 0.8,
  'terceira vez': 0.9, 'três vezes': 0.7,
  // Chinese.
  没用: 0.8, 浪费时间: 1, 还是不行: 1, 太差: 0.9, 无语: 0.9, 气死: 1, 说了多少次: 1, 多少次: 0.7,
  已经说过: 0.8, 第三次: 0.9, 离谱: 0.8, 受够了: 1, 烦死: 0.9, 搞什么: 0.8, 什么破: 0.9,
};

/**
 * Swear words (prefixes where marked) in the languages above; each counts as a strong marker.
 * Mild insults ("dumb", "stupid", "crap", "sucks") are not here: said of a film or a product they
 * are an opinion, and they count as anger only when aimed at the service (frustration-features.ts).
 */
// prettier-ignore
export const PROFANITY = [
  'fuck*', 'fck*', 'fuk', 'fukin', 'fuking', 'fucc*', 'shit*', 'bullshit', 'damn', 'damned', 'dammit',
  'goddamn*', 'wtf', 'ffs', 'omfg', 'stfu', 'piss*', 'asshole*', 'arsehole*', 'bastard*', 'bitch*',
  'screw you', 'screwed',
  'mierda', 'joder', 'coño', 'carajo', 'putain', 'merde', 'bordel', 'connard*', 'scheiße', 'scheisse',
  'verdammt*', 'cazzo', 'merda', 'stronzo*', 'vaffanculo', 'porra', 'caralho', '他妈', '妈的', '垃圾',
];

/** Politeness: each one dampens the score, unless inside a frustration marker ("thanks for nothing"). */
// prettier-ignore
export const POLITENESS = [
  'please', 'pls', 'plz', 'thanks again', 'thank you again', 'thank*', 'thx', 'ty', 'appreciate*',
  'kind regards', 'best regards', 'grateful',
  'cheers', 'gracias', 'por favor', 'merci', "s'il vous plaît", 'svp', 'danke', 'bitte', 'grazie',
  'per favore', 'obrigad*', '谢谢', '请', '麻烦你',
];

/** Words that invert the sentiment of the next few words ("not good"). */
// prettier-ignore
export const NEGATORS = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'hardly', 'barely',
  'cannot',
  "can't", 'cant', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't",
  'wasnt',
  "aren't", 'arent', "weren't", "won't", 'wont', "wouldn't", "shouldn't", "couldn't", 'couldnt', "haven't",
  'havent', "hasn't", "hadn't", "ain't",
]);

/** Capitalised words that are names and codes, not shouting. */
// prettier-ignore
export const ACRONYMS = new Set([
  'USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CNY', 'BRL', 'CAD', 'AUD', 'INR', 'ATM', 'PIN', 'ASAP', 'FAQ', 'SMS',
  'GDPR',
  'IBAN', 'BIC', 'SWIFT', 'USA', 'UK', 'EU', 'API', 'URL', 'PDF', 'CEO', 'VIP', 'OTP', 'ID', 'SSN', 'DOB',
  'UPS',
  'DHL', 'USPS', 'FEDEX', 'TV', 'PC', 'OK', 'AM', 'PM', 'CVV', 'CVC', 'NFC', 'QR', 'APP', 'IOS', 'IMAX',
  'DVD',
  'ETA', 'VAT', 'TAX', 'LLC', 'INC', 'LTD', 'NYC', 'LA', 'SF', 'BBB', 'FCA', 'CFPB', 'IT', 'HR', 'HTML',
  'EMI',
]);
