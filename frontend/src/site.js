// Loaded on every page (accord/templates/base.html): confirmation dialogs, searchable choice
// lists, and focus on a form's error summary so that the first thing read is what to correct.
import "./confirm.js";
import { enhanceAll } from "./forms/multiselect.js";

enhanceAll();
document.querySelector("[data-error-summary]")?.focus();
