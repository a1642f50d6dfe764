import { useState } from 'react';
import { getFreeTexts, listWaves } from '../api/admin.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { useLoad } from '../staff/use-load.ts';

/**
 * Freitexte: what children wrote in their own words, city-wide and shuffled, without school, class
 * or date. Never part of a report or export.
 */
export function FreeTextsPage() {
  const waves = useLoad(listWaves, []);
  const [waveId, setWaveId] = useState('');
  const wave = waves.data?.find((w) => w.id === waveId) ?? waves.data?.[0];
  const data = useLoad(() => (wave ? getFreeTexts(wave.id) : Promise.resolve(null)), [wave?.id]);
  const texts = data.data?.waveId === wave?.id ? (data.data?.texts ?? []) : [];

  return (
    <section aria-labelledby="free-texts-title">
      <h2 id="free-texts-title">Freitexte</h2>
      <aside className="notice" aria-label="Wenn ein Text auf eine Gefährdung hinweist">
        <p>
          <strong>Wenn ein Text darauf hinweist, dass ein Kind in Gefahr ist:</strong> Die Befragung ist anonym. Es
          lässt sich nicht feststellen und darf nicht nachgeforscht werden, welches Kind den Text geschrieben hat.
          Wenden Sie sich an die Kinderschutzfachkraft bzw. den allgemeinen Schutzweg der Schulen (Schulsozialarbeit,
          Jugendamt), damit das Thema allgemein aufgegriffen wird.
        </p>
      </aside>
      {waves.error && <ErrorAlert>{waves.error}</ErrorAlert>}
      {data.error && <ErrorAlert>{data.error}</ErrorAlert>}
      {wave && (
        <>
          <p>
            <label>
              Befragungsrunde{' '}
              <select value={wave.id} onChange={(e) => setWaveId(e.target.value)}>
                {waves.data?.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            </label>
          </p>
          <p>
            Gesamtstadt, in zufälliger Reihenfolge, ohne Schule, Klasse und Datum. Freitexte erscheinen nie in Berichten
            oder Exporten.
          </p>
          {!data.loading && texts.length === 0 && <p>In dieser Befragungsrunde gibt es keine Freitexte.</p>}
          <ul className="free-texts">
            {texts.map((t, i) => (
              // The list has no ids on purpose (nothing to trace); its order is fixed per load.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>{t.text}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
