/**
 * The few words of the pupil app that are not part of the instrument (save status, next child).
 * Machine-assisted translations; need review by a native speaker like the instrument's.
 */
export interface AppTexts {
  saved: string;
  offline: string;
  sending: string;
  next: string;
  chooseLanguage: string;
  otherTab: string;
}

const de: AppTexts = {
  saved: 'gespeichert',
  offline: 'wird gesendet, sobald Internet da ist',
  sending: 'wird gesendet …',
  next: 'Fertig – das nächste Kind ist dran',
  chooseLanguage: 'Wähle deine Sprache',
  otherTab: 'Die Befragung ist schon in einem anderen Fenster offen. Bitte schließe dieses Fenster.',
};

export const APP_TEXTS: Record<string, AppTexts> = {
  de,
  'de-simple': {
    ...de,
    offline: 'wird später gesendet, wenn Internet da ist',
    next: 'Fertig. Jetzt ist das nächste Kind dran.',
  },
  en: {
    saved: 'saved',
    offline: 'will be sent as soon as there is internet',
    sending: 'sending …',
    next: 'Done – next child, please',
    chooseLanguage: 'Choose your language',
    otherTab: 'The survey is already open in another window. Please close this window.',
  },
  tr: {
    saved: 'kaydedildi',
    offline: 'internet olunca gönderilecek',
    sending: 'gönderiliyor …',
    next: 'Bitti – sıra bir sonraki çocukta',
    chooseLanguage: 'Dilini seç',
    otherTab: 'Anket başka bir pencerede zaten açık. Lütfen bu pencereyi kapat.',
  },
  ar: {
    saved: 'تم الحفظ',
    offline: 'سيتم الإرسال عندما يتوفر الإنترنت',
    sending: 'جارٍ الإرسال …',
    next: 'انتهى – الدور للطفل التالي',
    chooseLanguage: 'اختر لغتك',
    otherTab: 'الاستبيان مفتوح في نافذة أخرى. من فضلك أغلق هذه النافذة.',
  },
  uk: {
    saved: 'збережено',
    offline: 'буде надіслано, щойно з’явиться інтернет',
    sending: 'надсилається …',
    next: 'Готово – черга наступної дитини',
    chooseLanguage: 'Обери свою мову',
    otherTab: 'Опитування вже відкрите в іншому вікні. Будь ласка, закрий це вікно.',
  },
  pl: {
    saved: 'zapisano',
    offline: 'zostanie wysłane, gdy będzie internet',
    sending: 'wysyłanie …',
    next: 'Gotowe – teraz kolej na następne dziecko',
    chooseLanguage: 'Wybierz swój język',
    otherTab: 'Ankieta jest już otwarta w innym oknie. Zamknij proszę to okno.',
  },
  ro: {
    saved: 'salvat',
    offline: 'va fi trimis când există internet',
    sending: 'se trimite …',
    next: 'Gata – urmează următorul copil',
    chooseLanguage: 'Alege-ți limba',
    otherTab: 'Chestionarul este deja deschis în altă fereastră. Te rog închide această fereastră.',
  },
  bg: {
    saved: 'запазено',
    offline: 'ще бъде изпратено, щом има интернет',
    sending: 'изпраща се …',
    next: 'Готово – ред е на следващото дете',
    chooseLanguage: 'Избери своя език',
    otherTab: 'Анкетата вече е отворена в друг прозорец. Моля, затвори този прозорец.',
  },
};

export const appTexts = (language: string | null | undefined): AppTexts => APP_TEXTS[language ?? 'de'] ?? de;
