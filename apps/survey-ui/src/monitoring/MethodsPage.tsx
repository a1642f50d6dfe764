import { useMonitoring } from './context.ts';

/**
 * How to read the numbers, in plain language: what counts as a response, participation, the
 * indices, how the cell key method protects the children and why numbers are missing. Thresholds
 * stay configuration (DISCLOSURE.md rule 12): only the largest deviation of a count is named.
 */
export function MethodsPage() {
  const { catalogue } = useMonitoring();
  const maxDeviation = catalogue?.disclosure.maxDeviation;
  return (
    <article className="methods">
      <h2>Methoden: So lesen Sie die Zahlen</h2>
      <p className="lead">
        Die Kinder haben den Fragebogen „Wie geht’s dir? UWE“ in der Schule ausgefüllt, freiwillig und ohne Namen. Die
        Zahlen zeigen, wie es Kindern in einer Schule, einem Sozialraum oder der ganzen Stadt geht – nie, wie es einem
        einzelnen Kind geht.
      </p>

      <section aria-labelledby="m-freigabe">
        <h3 id="m-freigabe">Freigaben</h3>
        <p>
          Nach der Befragung erstellt die Verwaltung eine <strong>Freigabe</strong>: Alle Tabellen werden auf einmal
          berechnet, geschützt und danach nicht mehr verändert. Kommen später noch Fragebögen hinzu, kann eine neue
          Freigabe mit neuer Nummer entstehen. Die Verwaltung legt fest, welche Freigabe das Bildungsmonitoring zeigt;
          alle Seiten, Berichte und Downloads zeigen dann die Zahlen dieser einen Freigabe.
        </p>
      </section>

      <section aria-labelledby="m-zaehlt">
        <h3 id="m-zaehlt">Was als Antwort zählt</h3>
        <ul>
          <li>
            Jeder fertig abgeschickte Fragebogen, am Tablet oder auf Papier (Papierbögen geben Lehrkräfte ein; sie
            werden genauso geprüft und zählen genauso).
          </li>
          <li>
            Ein begonnener, aber nicht abgeschickter Fragebogen, wenn das Kind mindestens eine Frage beantwortet hat und
            die Sitzung der Klasse vorbei ist (nach einer kurzen Nachfrist, damit Tablets ohne Netz ihre Antworten noch
            senden können). Das Kind zählt dann bei den Fragen mit, die es beantwortet hat.
          </li>
          <li>
            Ein abgeschickter Fragebogen ohne eine einzige Antwort zählt nur bei der Beteiligung, bei keiner Frage.
          </li>
          <li>Hat ein Kind seine Antworten zurückgezogen, zählen sie nirgends.</li>
        </ul>
        <p>
          Jede Frage darf übersprungen werden. Deshalb haben die einzelnen Fragen meist weniger Antworten, als Kinder
          teilgenommen haben. Bei Skalen und Indizes zählt ein Kind nur, wenn es genug der zugehörigen Fragen
          beantwortet hat.
        </p>
      </section>

      <section aria-labelledby="m-beteiligung">
        <h3 id="m-beteiligung">Beteiligung</h3>
        <dl className="methods-terms">
          <dt>Teilgenommen</dt>
          <dd>Kinder, deren Fragebogen zählt (siehe oben).</dd>
          <dt>Klassengröße</dt>
          <dd>
            Alle Kinder der befragten Klassen, auch die, die an dem Tag fehlten oder nicht mitmachen durften. Die
            Lehrkräfte geben sie beim Öffnen der Sitzung an und können sie später korrigieren.
          </dd>
          <dt>Beteiligung</dt>
          <dd>Teilgenommen geteilt durch die Klassengröße, in Prozent.</dd>
          <dt>Auf Papier</dt>
          <dd>
            Anteil der Kinder, die den Papierfragebogen ausgefüllt haben, an allen, die teilgenommen haben. Ohne
            Papierbögen steht dort „keine Angabe“.
          </dd>
        </dl>
        <p>
          Fehlt für eine befragte Klasse die Klassengröße, steht bei der Klassengröße und der Beteiligung jeder Einheit,
          zu der die Klasse gehört, „keine Angabe“. Auch diese Zahlen sind geschützt wie alle anderen (siehe unten).
        </p>
      </section>

      <section aria-labelledby="m-indizes">
        <h3 id="m-indizes">Die beiden Indizes</h3>
        <h4>Wohlbefindensindex</h4>
        <p>
          Er fasst fünf Bereiche zusammen: Optimismus, Glück und Lebenszufriedenheit, Selbstwertgefühl, keine
          Traurigkeit und allgemeine Gesundheit. Für jeden Bereich gilt ein Kind als „hoch“, „mittel“ oder „niedrig“.
        </p>
        <ul>
          <li>
            <strong>aufblühend</strong>: in mindestens vier der fünf Bereiche hoch und in keinem niedrig;
          </li>
          <li>
            <strong>mittleres Wohlbefinden</strong>: in keinem Bereich niedrig, aber seltener hoch;
          </li>
          <li>
            <strong>niedriges Wohlbefinden</strong>: in mindestens einem Bereich niedrig.
          </li>
        </ul>
        <p>Hat ein Kind zu wenige dieser Fragen beantwortet, zählt es beim Index nicht mit.</p>
        <h4>Ressourcenindex</h4>
        <p>
          Er zählt, wie viele Stärken ein Kind in seinem Umfeld hat: Erwachsene in der Schule, zu Hause und im
          Wohnumfeld, die sich kümmern; Zugehörigkeit zu Gleichaltrigen; enge Freundschaften; gute Ernährung und
          ausreichend Schlaf; organisierte Freizeitaktivitäten. Gezeigt werden der Anteil der Kinder mit 0–1, 2–3 sowie
          4 und mehr Ressourcen, die durchschnittliche Zahl der Ressourcen und der Anteil der Kinder mit jeder einzelnen
          Ressource. Schulische Erfahrungen gehören mit Absicht nicht dazu, damit Schulen nicht gegeneinander
          aufgerechnet werden.
        </p>
        <h4>Skalen</h4>
        <p>
          Eine Skala fasst zwei bis sechs Fragen zu einem Thema zusammen (zum Beispiel „Schulklima“). Der Mittelwert
          liegt zwischen 1 (stimmt gar nicht) und 5 (stimmt genau); Fragen, bei denen „stimmt“ etwas Ungünstiges
          bedeutet, sind umgedreht, sodass ein höherer Wert immer günstiger ist. „Hoch“ heißt ein Wert ab 4, „mittel“
          von 3 bis unter 4, „niedrig“ unter 3.
        </p>
      </section>

      <section aria-labelledby="m-schutz">
        <h3 id="m-schutz">Wie die Zahlen geschützt sind: das Zellschlüsselverfahren</h3>
        <p>
          Die Fragen berühren Traurigkeit, Sicherheit, Mobbing und das Zuhause. Aus den Zahlen darf sich nie ablesen
          lassen, was ein bestimmtes Kind oder alle Kinder einer kleinen Gruppe geantwortet haben – auch nicht, indem
          man zwei Zahlen voneinander abzieht, etwa die Stadt minus alle übrigen Sozialräume. Deshalb verwenden wir das{' '}
          <strong>Zellschlüsselverfahren</strong>, mit dem auch die Statistischen Ämter die Ergebnisse des Zensus 2022
          veröffentlichen.
        </p>
        <ul>
          <li>
            <strong>Jede Zahl von Kindern ist leicht verändert.</strong>{' '}
            {maxDeviation !== undefined
              ? `Zahlen können um bis zu ${maxDeviation} von der wahren Zahl abweichen, meist um 0 oder 1.`
              : 'Zahlen können um wenige Kinder von der wahren Zahl abweichen, meist um 0 oder 1.'}{' '}
            Das gilt für die Zahl der Antworten, die Zahl der Kinder je Antwort und die Zahlen zur Beteiligung. Eine 0
            bleibt 0, und eine Gruppe mit Kindern wird nie zu 0.
          </li>
          <li>
            <strong>Dieselben Kinder ergeben immer dieselbe Zahl.</strong> Die Veränderung wird nicht bei jedem Aufruf
            neu ausgewürfelt: Jeder Fragebogen trägt einen geheimen Zufallsschlüssel, und die Schlüssel der Kinder, die
            hinter einer Zahl stehen, legen fest, wie sie verändert wird. Dieselbe Zahl ist deshalb auf jeder Seite, in
            jedem Bericht, im Download und in jeder Freigabe gleich, solange dieselben Kinder dahinterstehen.
          </li>
          <li>
            <strong>Anteile kommen aus den veränderten Zahlen.</strong> Deshalb ergeben die Teile nicht immer genau das
            Ganze: Die Schulen eines Sozialraums ergeben zusammen nicht genau den Sozialraum, die Jahrgangsstufen oder
            Geschlechter nicht genau alle Kinder, und die Anteile einer Verteilung nicht immer genau 100 %.
          </li>
          <li>
            <strong>Mittelwerte sind ebenfalls leicht verändert</strong>, umso weniger, je mehr Kinder geantwortet
            haben.
          </li>
          <li>
            <strong>Warum das schützt.</strong> Wer zwei veröffentlichte Zahlen voneinander abzieht, erhält nur eine
            ungefähre Zahl. Auf einzelne Kinder lässt sich so nicht schließen. Deshalb müssen keine weiteren Zahlen
            verborgen werden, nur weil eine andere fehlt.
          </li>
        </ul>
      </section>

      <section aria-labelledby="m-fehlen">
        <h3 id="m-fehlen">Warum manche Zahlen fehlen („keine Angabe“)</h3>
        <ul>
          <li>
            <strong>Sehr kleine Gruppen werden nicht gezeigt.</strong> Haben zu wenige Kinder eine Frage beantwortet,
            erscheint für diese Gruppe keine Zahl. Bei besonders sensiblen Fragen (zum Beispiel Traurigkeit, Mobbing,
            Zuhause) ist die Grenze strenger. Ein Sozialraum wird nur eigens gezeigt, wenn genug seiner Schulen
            teilgenommen haben (nach Schulstandort; nach Wohnort zählen die Kinder, die angegeben haben, dort zu wohnen,
            und Kinder ohne Angabe nur für die Gesamtstadt). Folgefragen, die nur nach einer bestimmten Antwort gestellt
            werden, erscheinen nur dort, wo auch die Frage davor erscheint.
          </li>
          <li>
            <strong>Zusammengefasste Antworten.</strong> Haben nur sehr wenige Kinder eine Antwort gewählt, wird sie mit
            der benachbarten zusammengefasst, zum Beispiel „stimmt eher / stimmt genau“.
          </li>
          <li>
            <strong>„fast alle“, „&lt; 1 %“ und „&gt; 99 %“.</strong> Haben fast alle Kinder gleich geantwortet, steht
            dort „fast alle“ statt einer genauen Zahl. Unterhalb der Gesamtstadt gibt es keine genauen 0 % oder 100 %.
            Ein Mittelwert fehlt, wenn alle Kinder gleich geantwortet haben.
          </li>
          <li>
            <strong>Fehlend und verborgen sehen gleich aus.</strong> Eine verborgene Zahl und eine Zahl, für die es
            keine Antworten gibt, heißen beide „keine Angabe“. Auf der Karte sind solche Sozialräume schraffiert; sie
            erhalten keine Farbe, keinen Platz in einer Reihenfolge und keinen Wert.
          </li>
          <li>
            <strong>Rundung.</strong> Anteile und Mittelwerte sind auf eine Nachkommastelle gerundet.
          </li>
          <li>
            <strong>Keine Klassen, kein Freitext.</strong> Ergebnisse gibt es nur für Schulen, Sozialräume und die
            Gesamtstadt, nie für eine Schulklasse. Was Kinder frei geschrieben haben, erscheint in keinem Bericht.
          </li>
          <li>
            <strong>Aufteilungen.</strong> Schulen werden entweder nach Jahrgangsstufe oder nach Geschlecht aufgeteilt,
            nie nach beidem zugleich. „divers / keine Angabe“ ist eine gemeinsame Gruppe; sie erscheint nur für die
            Gesamtstadt als eigene Spalte, weil sie in einer Schule oder einem Sozialraum immer zu klein wäre.
          </li>
        </ul>
      </section>

      <section aria-labelledby="m-lesen">
        <h3 id="m-lesen">Vergleiche richtig lesen</h3>
        <ul>
          <li>
            Unterschiede von wenigen Prozentpunkten zwischen kleinen Schulen sind oft Zufall oder Folge der leichten
            Veränderung. Achten Sie auf die Zahl der Antworten: Je mehr Kinder geantwortet haben, desto weniger fällt
            die Veränderung ins Gewicht.
          </li>
          <li>
            Der Zeitvergleich zeigt eine Veränderung nur, wo beide Befragungsrunden die Zahl veröffentlicht haben.
            Verschiedene Runden werden nie zu einer Zahl zusammengelegt.
          </li>
          <li>
            Verglichen werden nur Befragungsrunden mit demselben Fragebogen (auch in einer neueren Fassung), damit die
            Fragen zusammenpassen.
          </li>
        </ul>
      </section>

      <section aria-labelledby="m-deutlich">
        <h3 id="m-deutlich">Wann eine Veränderung „deutlich“ heißt</h3>
        <p>
          Auch wenn sich in Wirklichkeit nichts geändert hat, ist eine Zahl in der nächsten Runde selten genau gleich:
          Andere Kinder antworten, und die Zahlen sind zum Schutz leicht verändert. Deshalb heißt eine Veränderung zur
          Vorrunde nur dann <strong>„deutlich“</strong>, wenn sie größer ist, als diese beiden Gründe zusammen erklären.
          Im Diagramm hat ein solcher Punkt einen Ring, in der Tabelle steht „deutlich“.
        </p>
        <ul>
          <li>
            Gerechnet wird nur mit dem, was veröffentlicht ist: den Anteilen oder Mittelwerten beider Runden und der
            Zahl der Antworten dahinter. Niemand braucht dafür die einzelnen Antworten.
          </li>
          <li>
            Für jede Runde wird geschätzt, wie stark die Zahl schwanken kann: durch den Zufall, welche Kinder antworten
            (je mehr Antworten, desto weniger), und durch die Schutzveränderung der Anzahlen (bei kleinen Gruppen fällt
            sie stärker ins Gewicht). Bei Mittelwerten wird die Streuung der Antworten nicht veröffentlicht; wir nehmen
            deshalb die größte Streuung an, die zu diesem Mittelwert möglich ist. Dadurch sind wir bei Mittelwerten eher
            vorsichtig.
          </li>
          <li>
            Aus beiden Schwankungen ergibt sich ein Bereich um die Veränderung, in dem die wahre Veränderung mit 95 %
            Sicherheit liegt (95-%-Intervall). Liegt die Null nicht in diesem Bereich, heißt die Veränderung „deutlich“;
            sonst „nicht deutlich“.
          </li>
          <li>
            „Nicht deutlich“ heißt nicht „gleich geblieben“: Die Zahl der Antworten reicht dann nur nicht, um eine
            Veränderung sicher zu erkennen. Bei etwa jeder zwanzigsten Zahl, die sich in Wirklichkeit nicht verändert
            hat, steht trotzdem „deutlich“ – wer viele Zahlen vergleicht, findet einige davon.
          </li>
        </ul>
      </section>

      <section aria-labelledby="m-downloads">
        <h3 id="m-downloads">Downloads</h3>
        <ul>
          <li>
            Die Downloads (CSV und Excel) enthalten genau die Zahlen dieser Seiten, eine Zeile je Zahl. Ein leeres Feld
            heißt „keine Angabe“.
          </li>
        </ul>
      </section>
    </article>
  );
}
