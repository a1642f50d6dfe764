import { isSameOriginPath } from '@uwe/schema';

/** Reads a question and its answer options aloud with the device's own voices (Web Speech API). */

function voicesReady(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  // Chromium loads its voices asynchronously and announces them once.
  return new Promise((resolve) => {
    const done = () => resolve(synth.getVoices());
    synth.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 1000);
  });
}

/** 'de-simple' is read by a German voice; otherwise the language code's primary subtag decides. */
export function voiceLanguage(language: string): string {
  return language.split('-')[0]!.toLowerCase();
}

/** Whether the device has a voice for `language` (false without the Web Speech API). */
export async function hasVoice(language: string): Promise<boolean> {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return false;
  const lang = voiceLanguage(language);
  return (await voicesReady(synth)).some((v) => v.lang.toLowerCase().startsWith(lang));
}

/**
 * Speaks `text` in `language`. Resolves false when the device has no voice for that language,
 * so the caller can say so in words instead of failing silently.
 */
export async function readAloud(text: string, language: string): Promise<boolean> {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return false;
  const lang = voiceLanguage(language);
  const voices = await voicesReady(synth);
  const voice = voices.find((v) => v.lang.toLowerCase().startsWith(lang));
  if (!voice) return false;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = 0.9;
  synth.speak(utterance);
  return true;
}

/** Plays a recording of the question; resolves false if it cannot be played. */
export async function playRecording(path: string): Promise<boolean> {
  // The server checks uploaded versions; the tablet refuses other hosts too (the CSP would as well).
  if (!isSameOriginPath(path)) return false;
  try {
    window.speechSynthesis?.cancel();
    await new Audio(path).play();
    return true;
  } catch {
    return false;
  }
}

/** Plain text of a rendered title (SurveyJS titles may carry markup). */
export function plain(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
