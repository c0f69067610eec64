/* The draft page: the library's questions as a form (one contract, or the whole pack),
   answers sent as JSON (which is YAML) to /api/draft or /api/pack, and every problem the
   server finds shown under its field. The server validates exactly as `kyoso draft`
   and `kyoso pack` do; this page only collects what was typed. */
"use strict";

(() => {
  const {t, pick, el, get, post, errorMessage, saveBlob, filenameOf} = Kyoso;
  const $ = (id) => document.getElementById(id);
  const PACK = "pack";
  let form = null;  // the current form description from /api/form/<id>

  const fieldPath = (section, name) => (section ? `${section}.${name}` : name);
  // The library names its question groups in plain English (clauses/SCHEMA.md: group);
  // the Japanese interface shows these names for them, and any other group as it is.
  const GROUPS_JA = {
    parties: "当事者", dates: "日付", scope: "対象", money: "対価・費用", "intellectual property": "知的財産",
    licence: "ライセンス", grant: "許諾", confidentiality: "秘密保持", competition: "競業", term: "期間",
    termination: "解除", law: "準拠法・紛争解決", improvements: "改良技術", trademark: "商標",
    schedule: "日程", "next steps": "次の段階", liability: "責任", remedies: "救済",
  };
  const groupName = (group) => (Kyoso.lang === "ja" && GROUPS_JA[group]) || group;
  const UNITS_JA = {days: "日", weeks: "週間", months: "か月", years: "年", percent: "％"};
  const unitName = (unit) => (Kyoso.lang === "ja" && UNITS_JA[unit]) || unit;
  const presetName = (name) => { const preset = form.presets.find((p) => p.name === name); return preset ? pick(preset.label) : name; };

  function favoursBadge(favours) {
    return el("span", {class: `favours-badge f-${favours}`, "data-i18n": `draft.favours.${favours}`, text: t(`draft.favours.${favours}`)});
  }

  function showValue(value) {
    if (value == null) return "";
    if (typeof value === "object" && ("ja" in value || "en" in value)) return pick(value);
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  function bilingualInputs(path, multiline) {
    const make = (language) => el(multiline ? "textarea" : "input",
      {class: "bi", "data-path": path, "data-part": language, placeholder: language === "ja" ? "日本語" : "English", rows: multiline ? 2 : null});
    return el("div", {class: "bilingual"}, make("ja"), make("en"));
  }

  function inputFor(variable, path) {
    switch (variable.type) {
      case "party":
        return el("div", {class: "party"}, ["name", "address", "representative"].map((part) =>
          el("div", {class: "party-part"}, el("span", {class: "sub", "data-i18n": `party.${part}`, text: t(`party.${part}`)}),
            bilingualInputs(`${path}.${part}`, false))));
      case "text":
        return bilingualInputs(path, true);
      case "date":
        return el("input", {type: "date", "data-path": path, "data-kind": "date"});
      case "money":
        return el("span", {class: "money"}, el("input", {type: "number", step: 1, min: variable.minimum ?? 0, max: variable.maximum,
          "data-path": path, "data-kind": "money"}), " ",
          el("select", {class: "currency", "aria-label": "currency"}, ["JPY", "USD", "EUR"].map((c) => el("option", {value: c, text: c}))));
      case "integer":
        return el("span", {}, el("input", {type: "number", step: 1, min: variable.minimum, max: variable.maximum,
          "data-path": path, "data-kind": "number"}), variable.unit ? ` ${unitName(variable.unit)}` : "");
      case "bool":
        return el("select", {"data-path": path, "data-kind": "bool"},
          el("option", {value: "", "data-i18n": "draft.usedefault", text: t("draft.usedefault")}),
          el("option", {value: "true", "data-i18n": "draft.yes", text: t("draft.yes")}),
          el("option", {value: "false", "data-i18n": "draft.no", text: t("draft.no")}));
      case "choice":
        return el("div", {class: "choices", role: "radiogroup"},
          el("label", {class: "choice"}, el("input", {type: "radio", name: path, value: "", checked: true, "data-path": path, "data-kind": "choice"}),
            el("span", {"data-i18n": "draft.usedefault", text: t("draft.usedefault")})),
          variable.choices.map((choice) => el("label", {class: "choice"},
            el("input", {type: "radio", name: path, value: choice.key, "data-path": path, "data-kind": "choice"}),
            el("span", {class: "choice-body"},
              el("span", {class: "choice-label", text: pick(choice.label)}), " ", favoursBadge(choice.favours),
              el("span", {class: "choice-note", text: pick(choice.note)})))));
      case "list":
        return el("textarea", {class: "list", rows: 3, "data-path": path, "data-kind": "json",
          placeholder: `[{${variable.fields.map((f) => `"${f}": …`).join(", ")}}]`});
      default:
        return el("input", {"data-path": path, "data-kind": "json"});
    }
  }

  function hints(variable) {
    const bits = [];
    if (variable.has_default && variable.type !== "choice") bits.push(`${t("draft.default")}: ${showValue(variable.default)}`);
    if (variable.has_default && variable.type === "choice") {
      const choice = variable.choices.find((c) => c.key === variable.default);
      bits.push(`${t("draft.default")}: ${choice ? pick(choice.label) : variable.default}`);
    }
    const presets = Object.entries(variable.presets || {});
    if (presets.length) bits.push(`${t("draft.preset.values")}: ` + presets.map(([name, value]) => {
      const choice = variable.choices.find((c) => c.key === value);
      return `${presetName(name)}: ${choice ? pick(choice.label) : showValue(value)}`;
    }).join(Kyoso.lang === "ja" ? "、" : "; "));
    return bits.join(" · ");
  }

  function fieldBlock(variable, section) {
    const path = fieldPath(section, variable.name);
    return el("div", {class: `field type-${variable.type}`, "data-field": path},
      el("div", {class: "field-label"}, el("span", {text: pick(variable.label)}), el("code", {class: "key", text: variable.name})),
      variable.help ? el("p", {class: "help", text: pick(variable.help)}) : null,
      variable.note ? el("p", {class: "note", text: pick(variable.note)}) : null,
      inputFor(variable, path),
      el("p", {class: "hint", text: hints(variable)}),
      el("div", {class: "field-error", role: "alert"}));
  }

  function packHead() {
    const docs = form.documents;
    return el("fieldset", {class: "section", "data-section": "settings"},
      el("legend", {"data-i18n": "draft.documents", text: t("draft.documents")}),
      el("div", {class: "field", "data-field": "documents"},
        docs.map((d) => el("label", {class: "doc-switch", "data-field": `documents.${d.id}`},
          el("input", {type: "checkbox", checked: true, "data-path": `documents.${d.id}`, "data-kind": "switch"}), " ", pick(d.title))),
        el("div", {class: "field-error"})),
      el("h3", {"data-i18n": "draft.dates", text: t("draft.dates")}),
      docs.map((d) => el("div", {class: "field", "data-field": `dates.${d.id}`},
        el("div", {class: "field-label"}, el("span", {text: pick(d.title)}), el("code", {class: "key", text: `dates.${d.id}`})),
        el("input", {type: "date", "data-path": `dates.${d.id}`, "data-kind": "date"}),
        el("div", {class: "field-error"}))));
  }

  function renderForm() {
    const target = $("answers");
    const parts = [];
    if (form.id === PACK) parts.push(packHead());
    for (const section of form.sections) {
      if (!section.variables.length) continue;
      const groups = new Map();
      for (const variable of section.variables) {
        const group = variable.group || "";
        if (!groups.has(group)) groups.set(group, []);
        groups.get(group).push(variable);
      }
      parts.push(el("fieldset", {class: "section", "data-section": section.id},
        section.title ? el("legend", {text: pick(section.title)}) : null,
        [...groups.entries()].map(([group, variables]) => el("div", {class: "group"},
          group ? el("h3", {text: groupName(group)}) : null,
          variables.map((variable) => fieldBlock(variable, section.id))))));
    }
    target.replaceChildren(...parts);
    $("download").textContent = t(form.id === PACK ? "draft.download.zip" : "draft.download.docx");
    $("download").dataset.i18n = form.id === PACK ? "draft.download.zip" : "draft.download.docx";
    const presets = $("preset");
    const chosen = presets.value || "balanced";
    presets.replaceChildren(el("option", {value: "", "data-i18n": "draft.nopreset", text: t("draft.nopreset")}),
      ...form.presets.map((p) => el("option", {value: p.name, text: pick(p.label)})));
    presets.value = form.presets.some((p) => p.name === chosen) ? chosen : "";
    explainPreset();
    clearErrors();
  }

  function explainPreset() {
    const preset = (form && form.presets.find((p) => p.name === $("preset").value)) || null;
    $("preset-explain").textContent = preset ? pick(preset.explain) : "";
  }

  // --- values in and out of the form ---------------------------------------------

  function setPath(target, path, value) {
    const keys = path.split(".");
    let node = target;
    for (const key of keys.slice(0, -1)) node = node[key] = node[key] || {};
    node[keys[keys.length - 1]] = value;
  }

  function collect() {
    const answers = {};
    const problems = [];
    const bilingual = new Map();
    for (const input of $("answers").querySelectorAll("[data-path]")) {
      const path = input.dataset.path;
      if (input.classList.contains("bi")) {
        if (!bilingual.has(path)) bilingual.set(path, {});
        if (input.value.trim()) bilingual.get(path)[input.dataset.part] = input.value.trim();
        continue;
      }
      const kind = input.dataset.kind;
      if (kind === "choice") { if (input.checked && input.value) setPath(answers, path, input.value); continue; }
      if (kind === "switch") { setPath(answers, path, input.checked); continue; }
      const value = input.value.trim();
      if (!value) continue;
      if (kind === "number") setPath(answers, path, Number(value));
      else if (kind === "money") {
        const currency = input.parentElement.querySelector(".currency").value;
        setPath(answers, path, currency === "JPY" ? Number(value) : {amount: Number(value), currency});
      }
      else if (kind === "bool") setPath(answers, path, value === "true");
      else if (kind === "json") {
        try { setPath(answers, path, JSON.parse(value)); }
        catch (_) { problems.push({message: `${path}: ${t("draft.badjson")}`, fields: [path]}); }
      } else setPath(answers, path, value);
    }
    for (const [path, texts] of bilingual) {
      if (texts.ja && texts.en) setPath(answers, path, texts.ja === texts.en ? texts.ja : texts);
      else if (texts.ja || texts.en) setPath(answers, path, texts.ja || texts.en);
    }
    if ($("preset").value) answers.preset = $("preset").value;
    if (form.id === PACK) answers.language = $("draftlang").value;
    else answers.contract = form.id;
    return {answers, problems};
  }

  function valueAt(source, path) {
    return path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), source);
  }

  function fill(example) {
    const source = form.id === PACK ? example : example;
    for (const input of $("answers").querySelectorAll("[data-path]")) {
      const path = input.dataset.path;
      let value = valueAt(source, path);
      if (value === undefined && form.id === PACK) {  // a document's answer the example gives once, for the deal
        const [, ...rest] = path.split(".");
        value = valueAt(source.shared || {}, rest.join("."));
      }
      if (input.classList.contains("bi")) {
        const base = valueAt(source, path) ?? value;
        input.value = base == null ? "" : typeof base === "string" ? base : (base[input.dataset.part] || "");
        continue;
      }
      const kind = input.dataset.kind;
      if (kind === "choice") input.checked = value == null ? input.value === "" : input.value === value;
      else if (kind === "switch") input.checked = value !== false;
      else if (value == null) input.value = "";
      else if (kind === "json") input.value = JSON.stringify(value);
      else if (kind === "money") {
        input.value = typeof value === "object" ? value.amount : String(value);
        input.parentElement.querySelector(".currency").value = (typeof value === "object" && value.currency) || "JPY";
      }
      else input.value = String(value);
    }
    if (example.preset && form.presets.some((p) => p.name === example.preset)) $("preset").value = example.preset;
    if (form.id === PACK && example.language) $("draftlang").value = example.language;
    explainPreset();
    clearErrors();
  }

  // --- problems under their fields ---------------------------------------------------

  function clearErrors() {
    for (const box of document.querySelectorAll(".field-error")) box.replaceChildren();
    for (const field of document.querySelectorAll(".field.has-error")) field.classList.remove("has-error");
    $("errors").hidden = true;
    $("errors").replaceChildren();
  }

  function showErrors(problems, message) {
    clearErrors();
    const loose = [];
    let first = null;
    for (const problem of problems) {
      const field = (problem.fields || []).map((name) => document.querySelector(`[data-field="${CSS.escape(name)}"]`)).find(Boolean);
      if (!field) { loose.push(problem.message); continue; }
      const box = field.querySelector(":scope > .field-error") || field.querySelector(".field-error");
      box.append(el("p", {text: problem.message}));
      field.classList.add("has-error");
      first = first || field;
    }
    $("errors").replaceChildren(el("p", {text: problems.length ? t("draft.errors", {n: problems.length}) : message}),
      ...loose.map((text) => el("p", {class: "loose", text})));
    $("errors").hidden = false;
    (first || $("errors")).scrollIntoView({block: "center"});
  }

  async function download() {
    clearErrors();
    const {answers, problems} = collect();
    if (problems.length) { showErrors(problems); return; }
    const lang = encodeURIComponent($("draftlang").value);
    const url = form.id === PACK ? `/api/pack?lang=${lang}` : `/api/draft?contract=${encodeURIComponent(form.id)}&lang=${lang}`;
    $("status").textContent = t("draft.working");
    $("download").disabled = true;
    try {
      const response = await post(url, JSON.stringify(answers), {"Content-Type": "application/yaml"});
      if (!response.ok) {
        let body = {};
        try { body = await response.json(); } catch (_) { /* not JSON */ }
        $("status").textContent = "";
        showErrors(body.problems || [], (body.error && body.error.message) || `${response.status}`);
        return;
      }
      saveBlob(await response.blob(), filenameOf(response, form.id === PACK ? "kyoso-pack.zip" : `${form.id}.docx`));
      $("status").textContent = t("draft.done");
    } catch (error) {
      $("status").textContent = `${t("error")}: ${error.message}`;
    } finally {
      $("download").disabled = false;
    }
  }

  async function loadForm(id) {
    form = await get(`/api/form/${encodeURIComponent(id)}`);
    renderForm();
  }

  async function start() {
    const {contracts} = await get("/api/contracts");
    $("contract").replaceChildren(...contracts.map((c) => el("option", {value: c.id, text: pick(c.title)})));
    $("contract").value = contracts.some((c) => c.id === PACK) ? PACK : contracts[0].id;
    Kyoso.onLanguage(() => {
      for (const option of $("contract").options) {
        const contract = contracts.find((c) => c.id === option.value);
        option.textContent = pick(contract.title);
      }
      if (form) { const {answers} = collect(); renderForm(); fillAnswers(answers); }
    });
    await loadForm($("contract").value);
  }

  function fillAnswers(answers) { fill(answers); }

  $("contract").addEventListener("change", () => loadForm($("contract").value));
  $("preset").addEventListener("change", explainPreset);
  $("fill-example").addEventListener("click", async () => {
    try { fill(await get(`/api/example/${encodeURIComponent(form.id)}`)); $("status").textContent = ""; }
    catch (error) { $("status").textContent = `${t("error")}: ${error.message}`; }  // a contract without an example yet
  });
  $("download").addEventListener("click", download);
  start().catch((error) => { $("status").textContent = `${t("error")}: ${error.message}`; });
})();
