import { type FormEvent, useState } from 'react';

/** Accepts the class code with or without the dash, in any case, as the teacher projects it. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export default function PupilApp() {
  const initial = new URLSearchParams(window.location.search).get('code') ?? '';
  const [code, setCode] = useState(normaliseCode(initial));
  const [message, setMessage] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(code.length === 6 ? 'Einen Moment …' : 'Der Code hat 6 Zeichen.');
  }

  return (
    <main className="pupil">
      <h1>Wie geht's dir?</h1>
      <form onSubmit={submit} className="join">
        <label htmlFor="code">Gib den Code von der Tafel ein</label>
        <input
          id="code"
          name="code"
          inputMode="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={7}
          value={code.length > 3 ? `${code.slice(0, 3)}-${code.slice(3)}` : code}
          onChange={(e) => setCode(normaliseCode(e.target.value).slice(0, 6))}
        />
        <button type="submit">Weiter</button>
        {message && <p role="status">{message}</p>}
      </form>
    </main>
  );
}
