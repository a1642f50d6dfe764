import { Link } from 'react-router';

/** The methods in brief for the printed city report; the full text is on the methods page. */
export function MethodsSection({
  number,
  maxDeviation,
  methodsLink,
}: {
  number: number;
  maxDeviation: number;
  methodsLink: string;
}) {
  return (
    <section className="report-section" aria-labelledby="r-methoden">
      <h2 id="r-methoden">{number}. Methoden</h2>
      <ul>
        <li>
          Die Kinder haben den Fragebogen freiwillig und ohne Namen in der Schule ausgefüllt, am Tablet oder auf Papier.
          Es zählen abgeschickte Fragebögen und begonnene mit mindestens einer Antwort, sobald die Sitzung der Klasse
          vorbei ist.
        </li>
        <li>
          Alle Zahlen stammen aus einer festen Freigabe. Zum Schutz der Kinder ist jede Anzahl leicht verändert (um
          höchstens {maxDeviation}); Anteile und Mittelwerte werden aus diesen Zahlen berechnet. Teile ergeben deshalb
          nicht immer genau das Ganze.
        </li>
        <li>
          „keine Angabe“ heißt: zu wenige Antworten, keine Antworten oder aus Schutzgründen nicht ausgewiesen. Klassen
          werden nie ausgewiesen.
        </li>
        <li>
          Eine Veränderung zwischen zwei Befragungsrunden heißt nur dann „deutlich“, wenn sie größer ist, als Zufall und
          Schutzveränderung allein erklären (95-%-Intervall der Differenz ohne die Null).
        </li>
      </ul>
      <p className="no-print">
        <Link to={methodsLink}>Ausführlich: Methoden und Lesehilfe</Link>
      </p>
      <p className="print-only">Ausführlich: Bildungsmonitoring → Methoden.</p>
    </section>
  );
}
