import { useMonitoring } from './context.ts';

/** The defaults of DISCLOSURE.md, for when no release (and so no catalogue) is loaded. */
const DEFAULTS = { nMin: 10, nMinSensitive: 20, k: 3, kSensitive: 5, minSchoolsPerSozialraum: 3, roundNTo: 5 };

/** How to read the numbers, in plain language: what the indices mean and why numbers are missing. */
export function MethodsPage() {
  const { catalogue } = useMonitoring();
  const d = catalogue?.disclosure ?? DEFAULTS;
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
          berechnet, geprüft und danach nicht mehr verändert. Alle Seiten, Berichte und Downloads einer Freigabe zeigen
          deshalb dieselben Zahlen. Kommen später noch Fragebögen hinzu, entsteht eine neue Freigabe mit neuer Nummer.
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

      <section aria-labelledby="m-fehlen">
        <h3 id="m-fehlen">Warum manche Zahlen fehlen („keine Angabe“)</h3>
        <p>
          Die Fragen berühren Traurigkeit, Sicherheit, Mobbing und das Zuhause. Aus einer Zahl darf sich nie ablesen
          lassen, was ein bestimmtes Kind oder alle Kinder einer kleinen Gruppe geantwortet haben. Deshalb gilt:
        </p>
        <ul>
          <li>
            <strong>Mindestgröße.</strong> Eine Zahl erscheint nur, wenn mindestens {d.nMin} Kinder geantwortet haben,
            bei besonders sensiblen Fragen (zum Beispiel Traurigkeit, Mobbing, Zuhause) mindestens {d.nMinSensitive}.
            Ein Sozialraum wird nur eigens gezeigt, wenn mindestens {d.minSchoolsPerSozialraum} seiner Schulen
            teilgenommen haben.
          </li>
          <li>
            <strong>Verborgene Zahlen, die sich sonst errechnen ließen.</strong> Wenn eine kleine Gruppe verborgen ist,
            ließe sie sich oft aus anderen Zahlen ausrechnen – etwa aus der Stadt minus aller übrigen Sozialräume.
            Deshalb werden auch solche Zahlen verborgen. Eine verborgene und eine fehlende Zahl sehen absichtlich gleich
            aus: Beide heißen „keine Angabe“. Auf der Karte sind solche Sozialräume schraffiert; sie erhalten keine
            Farbe, keinen Platz in einer Reihenfolge und keinen Wert.
          </li>
          <li>
            <strong>Zusammengefasste Antworten.</strong> Haben nur sehr wenige Kinder (weniger als {d.k}, bei sensiblen
            Fragen weniger als {d.kSensitive}) eine Antwort gewählt, wird sie mit der benachbarten zusammengefasst, zum
            Beispiel „stimmt eher / stimmt genau“.
          </li>
          <li>
            <strong>„fast alle“, „&lt; 1 %“ und „&gt; 99 %“.</strong> Haben fast alle Kinder gleich geantwortet, steht
            dort „fast alle“ statt einer genauen Zahl. Unterhalb der Gesamtstadt gibt es keine genauen 0 % oder 100 %.
          </li>
          <li>
            <strong>Rundung.</strong> Zahlen von Kindern sind auf {d.roundNTo} gerundet, Anteile auf ganze Prozent und
            Mittelwerte auf eine Nachkommastelle. Die Anteile einer Verteilung ergeben deshalb nicht immer genau 100 %.
          </li>
          <li>
            <strong>Keine Klassen, kein Freitext.</strong> Ergebnisse gibt es nur für Schulen, Sozialräume und die
            Gesamtstadt, nie für eine Schulklasse. Was Kinder frei geschrieben haben, erscheint in keinem Bericht.
          </li>
          <li>
            <strong>Aufteilungen.</strong> Schulen werden entweder nach Jahrgangsstufe oder nach Geschlecht aufgeteilt,
            nie nach beidem zugleich. „divers / keine Angabe“ ist eine gemeinsame Gruppe.
          </li>
        </ul>
      </section>

      <section aria-labelledby="m-lesen">
        <h3 id="m-lesen">Vergleiche richtig lesen</h3>
        <ul>
          <li>
            Unterschiede von wenigen Prozentpunkten zwischen kleinen Schulen sind oft Zufall. Achten Sie auf die Zahl
            der Antworten.
          </li>
          <li>
            Der Zeitvergleich zeigt eine Veränderung nur, wo beide Befragungsrunden die Zahl veröffentlicht haben.
            Verschiedene Runden werden nie zu einer Zahl zusammengelegt.
          </li>
          <li>
            Die Downloads (CSV und Excel) enthalten genau die Zahlen dieser Seiten, eine Zeile je Zahl. Ein leeres Feld
            heißt „keine Angabe“.
          </li>
        </ul>
      </section>
    </article>
  );
}
