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
  /** The join screen's greeting, shown in every offered language. */
  hello: string;
  /** What to do on the join screen, in every offered language (the German one labels the field). */
  enterCode: string;
  /** After a withdrawal, before the next child. */
  withdrawn: string;
  /** "Fertig" with no answer at all. */
  emptyFinish: string;
  emptyFinishYes: string;
  emptyFinishNo: string;
  /** The device has no voice for the language (shown once per child). */
  noVoice: string;
}

const de: AppTexts = {
  saved: 'gespeichert',
  offline: 'wird gesendet, sobald Internet da ist',
  sending: 'wird gesendet …',
  next: 'Fertig – das nächste Kind ist dran',
  chooseLanguage: 'Wähle deine Sprache',
  otherTab: 'Die Befragung ist schon in einem anderen Fenster offen. Bitte schließe dieses Fenster.',
  hello: 'Hallo!',
  enterCode: 'Gib den Code von der Tafel ein.',
  withdrawn: 'Deine Antworten sind gelöscht.',
  emptyFinish: 'Du hast noch keine Frage beantwortet. Möchtest du trotzdem aufhören?',
  emptyFinishYes: 'Ja, ich bin fertig',
  emptyFinishNo: 'Nein, zurück zu den Fragen',
  noVoice: 'Dieses Tablet kann nicht vorlesen. Wenn du Hilfe beim Lesen brauchst, melde dich.',
};

export const APP_TEXTS: Record<string, AppTexts> = {
  de,
  'de-simple': {
    ...de,
    offline: 'wird später gesendet, wenn Internet da ist',
    next: 'Fertig. Jetzt ist das nächste Kind dran.',
    emptyFinish: 'Du hast noch keine Frage beantwortet. Willst du trotzdem aufhören?',
    noVoice: 'Dieses Tablet kann nicht vorlesen. Brauchst du Hilfe beim Lesen? Dann melde dich.',
  },
  en: {
    saved: 'saved',
    offline: 'will be sent as soon as there is internet',
    sending: 'sending …',
    next: 'Done – next child, please',
    chooseLanguage: 'Choose your language',
    otherTab: 'The survey is already open in another window. Please close this window.',
    hello: 'Hello!',
    enterCode: 'Type in the code from the board.',
    withdrawn: 'Your answers have been deleted.',
    emptyFinish: 'You have not answered any question yet. Do you want to stop anyway?',
    emptyFinishYes: 'Yes, I am done',
    emptyFinishNo: 'No, back to the questions',
    noVoice: 'This tablet cannot read aloud. If you need help with reading, put your hand up.',
  },
  tr: {
    saved: 'kaydedildi',
    offline: 'internet olunca gönderilecek',
    sending: 'gönderiliyor …',
    next: 'Bitti – sıra bir sonraki çocukta',
    chooseLanguage: 'Dilini seç',
    otherTab: 'Anket başka bir pencerede zaten açık. Lütfen bu pencereyi kapat.',
    hello: 'Merhaba!',
    enterCode: 'Tahtadaki kodu yaz.',
    withdrawn: 'Cevapların silindi.',
    emptyFinish: 'Henüz hiçbir soruyu cevaplamadın. Yine de bitirmek istiyor musun?',
    emptyFinishYes: 'Evet, bitirdim',
    emptyFinishNo: 'Hayır, sorulara dön',
    noVoice: 'Bu tablet sesli okuyamıyor. Okumada yardıma ihtiyacın olursa parmak kaldır.',
  },
  ar: {
    saved: 'تم الحفظ',
    offline: 'سيتم الإرسال عندما يتوفر الإنترنت',
    sending: 'جارٍ الإرسال …',
    next: 'انتهى – الدور للطفل التالي',
    chooseLanguage: 'اختر لغتك',
    otherTab: 'الاستبيان مفتوح في نافذة أخرى. من فضلك أغلق هذه النافذة.',
    hello: 'مرحبًا!',
    enterCode: 'اكتب الرمز الموجود على السبورة.',
    withdrawn: 'تم حذف إجاباتك.',
    emptyFinish: 'لم تُجب عن أي سؤال بعد. هل تريد التوقف مع ذلك؟',
    emptyFinishYes: 'نعم، انتهيت',
    emptyFinishNo: 'لا، العودة إلى الأسئلة',
    noVoice: 'هذا الجهاز اللوحي لا يستطيع القراءة بصوت عالٍ. إذا احتجت مساعدة في القراءة، ارفع يدك.',
  },
  uk: {
    saved: 'збережено',
    offline: 'буде надіслано, щойно з’явиться інтернет',
    sending: 'надсилається …',
    next: 'Готово – черга наступної дитини',
    chooseLanguage: 'Обери свою мову',
    otherTab: 'Опитування вже відкрите в іншому вікні. Будь ласка, закрий це вікно.',
    hello: 'Привіт!',
    enterCode: 'Введи код із дошки.',
    withdrawn: 'Твої відповіді видалено.',
    emptyFinish: 'Ти ще не відповів на жодне запитання. Все одно хочеш завершити?',
    emptyFinishYes: 'Так, я закінчив',
    emptyFinishNo: 'Ні, назад до запитань',
    noVoice: 'Цей планшет не може читати вголос. Якщо тобі потрібна допомога з читанням, підніми руку.',
  },
  pl: {
    saved: 'zapisano',
    offline: 'zostanie wysłane, gdy będzie internet',
    sending: 'wysyłanie …',
    next: 'Gotowe – teraz kolej na następne dziecko',
    chooseLanguage: 'Wybierz swój język',
    otherTab: 'Ankieta jest już otwarta w innym oknie. Zamknij proszę to okno.',
    hello: 'Cześć!',
    enterCode: 'Wpisz kod z tablicy.',
    withdrawn: 'Twoje odpowiedzi zostały usunięte.',
    emptyFinish: 'Nie odpowiedziałeś jeszcze na żadne pytanie. Czy mimo to chcesz skończyć?',
    emptyFinishYes: 'Tak, skończyłem',
    emptyFinishNo: 'Nie, wróć do pytań',
    noVoice: 'Ten tablet nie umie czytać na głos. Jeśli potrzebujesz pomocy w czytaniu, podnieś rękę.',
  },
  ro: {
    saved: 'salvat',
    offline: 'va fi trimis când există internet',
    sending: 'se trimite …',
    next: 'Gata – urmează următorul copil',
    chooseLanguage: 'Alege-ți limba',
    otherTab: 'Chestionarul este deja deschis în altă fereastră. Te rog închide această fereastră.',
    hello: 'Bună!',
    enterCode: 'Scrie codul de pe tablă.',
    withdrawn: 'Răspunsurile tale au fost șterse.',
    emptyFinish: 'Nu ai răspuns încă la nicio întrebare. Vrei totuși să termini?',
    emptyFinishYes: 'Da, am terminat',
    emptyFinishNo: 'Nu, înapoi la întrebări',
    noVoice: 'Această tabletă nu poate citi cu voce tare. Dacă ai nevoie de ajutor la citit, ridică mâna.',
  },
  bg: {
    saved: 'запазено',
    offline: 'ще бъде изпратено, щом има интернет',
    sending: 'изпраща се …',
    next: 'Готово – ред е на следващото дете',
    chooseLanguage: 'Избери своя език',
    otherTab: 'Анкетата вече е отворена в друг прозорец. Моля, затвори този прозорец.',
    hello: 'Здравей!',
    enterCode: 'Въведи кода от дъската.',
    withdrawn: 'Отговорите ти са изтрити.',
    emptyFinish: 'Още не си отговорил на нито един въпрос. Искаш ли все пак да спреш?',
    emptyFinishYes: 'Да, готов съм',
    emptyFinishNo: 'Не, обратно към въпросите',
    noVoice: 'Този таблет не може да чете на глас. Ако имаш нужда от помощ с четенето, вдигни ръка.',
  },
};

/** The languages the app itself speaks, for screens shown before a language is chosen. */
export const APP_LANGUAGES: readonly { code: string; dir: 'ltr' | 'rtl' }[] = [
  { code: 'de', dir: 'ltr' },
  { code: 'en', dir: 'ltr' },
  { code: 'tr', dir: 'ltr' },
  { code: 'ar', dir: 'rtl' },
  { code: 'uk', dir: 'ltr' },
  { code: 'pl', dir: 'ltr' },
  { code: 'ro', dir: 'ltr' },
  { code: 'bg', dir: 'ltr' },
];

export const appTexts = (language: string | null | undefined): AppTexts => APP_TEXTS[language ?? 'de'] ?? de;
