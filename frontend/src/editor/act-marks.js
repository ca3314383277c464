// Act sections in the live editor of a bill proposal: each `## … {акт N}` section gets a tinted
// background and a label on its heading («Редакция акта: Федеральный закон … — изменения войдут
// в законопроект»), and every problem of the proposed wording is underlined beside its passage,
// a broken reference at the reference itself, with the explanation as its tooltip.
// The server reads the convention and checks the references (legislation/marks.py); the text is
// sent after each pause in typing, as for the preview, and a late answer is dropped.

import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView } from "@codemirror/view";
import { config } from "./config.js";
import { ytext } from "./connection.js";
import { markRanges } from "./act-marks-model.js";

const setMarks = StateEffect.define();

function decorations(doc, marks) {
  const ranges = [];
  for (const section of marks.sections) {
    for (let number = section.first; number <= section.last && number < doc.lines; number += 1) {
      const line = doc.line(number + 1);
      const classes = ["cm-act"];
      const attributes = {};
      if (number === section.first) {
        classes.push("cm-act--first");
        attributes["data-act-label"] = section.label;
      }
      attributes.class = classes.join(" ");
      ranges.push(Decoration.line({ attributes }).range(line.from));
    }
  }
  for (const problem of marks.problems) {
    if (problem.to > doc.length) continue;
    const mark = Decoration.mark({
      class: "cm-act-problem",
      attributes: { title: problem.title, "data-problem-kind": problem.kind },
    });
    ranges.push(mark.range(problem.from, problem.to));
  }
  return Decoration.set(ranges, true);
}

const actMarksField = StateField.define({
  create: () => Decoration.none,
  update(value, transaction) {
    let next = value.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setMarks)) next = decorations(transaction.state.doc, effect.value);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function actMarks(view) {
  const url = config.urls?.actMarks;
  if (!url || !config.packageSections) return; // not a bill proposal
  let timer = null;
  let request = 0;
  async function refresh() {
    timer = null;
    const mine = ++request;
    const text = ytext.toString();
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8", "X-CSRFToken": config.csrfToken },
        body: text,
        credentials: "same-origin",
      });
      if (!response.ok || mine !== request) return;
      const marks = await response.json();
      if (mine !== request || view.state.doc.toString() !== text) return; // a newer text is coming
      view.dispatch({ effects: setMarks.of(markRanges(text, marks)) });
    } catch {
      // No connection: the marks stay as they were until the next answer.
    }
  }
  ytext.observe(() => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  });
  view.dispatch({ effects: StateEffect.appendConfig.of(actMarksField) });
  refresh();
}
