// Nothing irreversible on one click (accord/confirm.py): a form or a submit button carrying
// `data-confirm` opens a modal <dialog> with the server's words before the form leaves. Confirm
// adds `confirm=1` and sends the form as the person sent it (the same button, so its name and
// value go too); Cancel or Esc sends nothing. Without this script the server answers an
// unconfirmed POST with a confirmation page, so the guard never depends on it.

const FIELD = "confirm";
let dialog = null;

function build() {
  const element = document.createElement("dialog");
  element.className = "confirm-dialog";
  element.setAttribute("aria-labelledby", "confirm-dialog-title");
  element.setAttribute("aria-describedby", "confirm-dialog-text");
  element.innerHTML = `
    <h2 class="confirm-dialog__title" id="confirm-dialog-title"></h2>
    <p class="confirm-dialog__text" id="confirm-dialog-text"></p>
    <form method="dialog" class="confirm-dialog__actions">
      <button type="submit" value="cancel" class="btn" data-confirm-cancel autofocus></button>
      <button type="submit" value="confirm" class="btn btn--danger-solid" data-confirm-ok></button>
    </form>`;
  document.body.append(element);
  return element;
}

function ask(source) {
  dialog ??= build();
  dialog.querySelector(".confirm-dialog__title").textContent = source.dataset.confirmTitle || "";
  dialog.querySelector(".confirm-dialog__text").textContent = source.dataset.confirm || "";
  dialog.querySelector("[data-confirm-ok]").textContent = source.dataset.confirmButton || "OK";
  dialog.querySelector("[data-confirm-cancel]").textContent = source.dataset.confirmCancel || "Cancel";
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
    dialog.querySelector("[data-confirm-cancel]").focus();
  });
}

function alreadyConfirmed(form) {
  const field = form.elements.namedItem(FIELD);
  return field instanceof HTMLInputElement && field.value === "1";
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method === "dialog") return;
  const submitter = event.submitter;
  const source = submitter?.hasAttribute("data-confirm")
    ? submitter
    : form.hasAttribute("data-confirm")
      ? form
      : null;
  if (!source || alreadyConfirmed(form)) return;
  event.preventDefault();
  const confirmed = await ask(source);
  if (!confirmed) {
    (submitter || form.querySelector("button, [type=submit]"))?.focus();
    return;
  }
  const field = document.createElement("input");
  field.type = "hidden";
  field.name = FIELD;
  field.value = "1";
  form.append(field);
  // The form's data are taken as the submission starts, so the field can go at once: a form
  // kept by the page (another button of the same form) is not confirmed by this one.
  if (submitter && submitter.form === form) form.requestSubmit(submitter);
  else form.requestSubmit();
  field.remove();
});
