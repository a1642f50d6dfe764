/** A short text the teacher reads to the class before the survey; printable on one page. */
export function ReadingScriptPage() {
  return (
    <article className="script">
      <div className="section-head no-print">
        <p className="hint">Bitte lesen Sie diesen Text der Klasse vor, bevor die Kinder den Code eingeben.</p>
        <button type="button" onClick={() => window.print()}>
          Drucken
        </button>
      </div>
      <h1>Text zum Vorlesen</h1>
      <p className="script-subtitle">Befragung „Wie geht's dir?“</p>
      <div className="script-text">
        <p>
          Heute dürft ihr bei einer Befragung mitmachen. Sie heißt „Wie geht's dir?“. Die Stadt möchte wissen, wie es
          Kindern und Jugendlichen geht: in der Schule, zu Hause, mit Freunden und in eurem Stadtteil. Damit will sie
          Dinge für euch besser machen.
        </p>
        <ul>
          <li>
            <strong>Die Befragung ist anonym.</strong> Ihr schreibt euren Namen nirgends hin. Niemand kann herausfinden,
            was du geantwortet hast – auch ich nicht, und auch nicht deine Eltern.
          </li>
          <li>
            <strong>Mitmachen ist freiwillig.</strong> Wenn du nicht mitmachen möchtest, ist das in Ordnung. Es hat
            keine Folgen und es gibt keine Noten.
          </li>
          <li>
            <strong>Du kannst Fragen überspringen.</strong> Wenn du eine Frage nicht beantworten möchtest, lass sie
            einfach weg.
          </li>
          <li>
            <strong>Du kannst jederzeit aufhören.</strong> Auch mittendrin: Oben auf jeder Seite steht „Ich möchte nicht
            mehr mitmachen“. Dann werden deine Antworten gelöscht.
          </li>
          <li>
            <strong>Es gibt keine richtigen oder falschen Antworten.</strong> Antworte so, wie es für dich stimmt.
          </li>
          <li>
            <strong>Wenn du ein Wort nicht verstehst, melde dich.</strong> Ich erkläre dir gern das Wort. Bei den
            Antworten helfe ich nicht, denn die sollen ganz von dir sein. Wenn du bei einer Frage den Knopf „Vorlesen“
            siehst, kann das Tablet sie dir vorlesen. Nicht jedes Tablet kann das; dann melde dich.
          </li>
        </ul>
        <p>
          So geht es los: Öffnet die Seite an der Tafel und gebt den Code ein, oder scannt den QR-Code. Arbeitet bitte
          leise und jeder für sich. Wenn du fertig bist, tippe auf „Fertig“ und bleib leise sitzen.
        </p>
        <p>Danke, dass ihr mitmacht!</p>
      </div>
    </article>
  );
}
