/* The check page: upload → /api/inspect → the text with findings highlighted in place,
   and each finding explained beside it. Downloads post the same file again (the server
   keeps nothing once a response is sent). */
"use strict";

(() => {
  const {t, el, post, errorMessage, saveBlob, filenameOf} = Kyoso;
  const SEVERITIES = ["high", "medium", "low", "info"];
  const $ = (id) => document.getElementById(id);
  const state = {file: null, report: null, text: "", warnings: [], busy: false};

  function formFor(file) {
    const form = new FormData();
    form.append("file", file, file.name);
    if ($("party").value) form.append("party", $("party").value);
    form.append("lang", $("doclang").value);
    return form;
  }

  function setStatus(text, isError) {
    $("status").textContent = text;
    $("status").classList.toggle("error", Boolean(isError));
  }

  async function inspect() {
    if (!state.file) return;
    state.busy = true;
    setStatus(t("check.checking"));
    try {
      const response = await post("/api/inspect", formFor(state.file));
      if (!response.ok) {
        $("result").hidden = true;
        setStatus(`${t("error")}: ${await errorMessage(response)}`, true);
        return;
      }
      const body = await response.json();
      state.reportText = body.report;
      state.report = JSON.parse(body.report).documents[0];
      state.text = body.text;
      state.warnings = body.warnings || [];
      fillParties(state.report.parties || []);
      fillCategories(state.report.findings);
      render();
      $("result").hidden = false;
    } catch (error) {
      setStatus(`${t("error")}: ${error.message}`, true);
    } finally {
      state.busy = false;
    }
  }

  function partyLabel(party) {
    if (!party.alias) return party.name;
    return Kyoso.lang === "ja" ? `${party.name}（${party.alias}）` : `${party.name} (${party.alias})`;
  }

  function fillParties(parties) {
    const select = $("party");
    const chosen = select.value;
    select.replaceChildren(el("option", {value: "", "data-i18n": "check.party.unset", text: t("check.party.unset")}));
    for (const party of parties) select.append(el("option", {value: party.name, text: partyLabel(party)}));
    select.value = parties.some((p) => p.name === chosen) ? chosen : "";
    select.disabled = parties.length === 0;
  }

  function fillCategories(findings) {
    const select = $("category");
    const chosen = select.value;
    const categories = [...new Set(findings.map((f) => f.category))].sort();
    select.replaceChildren(el("option", {value: "", "data-i18n": "check.filter.all", text: t("check.filter.all")}));
    for (const category of categories) select.append(el("option", {value: category, text: category}));
    select.value = categories.includes(chosen) ? chosen : "";
  }

  function visibleFindings() {
    const severities = new Set([...document.querySelectorAll(".sev-filter:checked")].map((box) => box.value));
    const category = $("category").value;
    return state.report.findings
      .map((finding, index) => ({finding, index}))
      .filter(({finding}) => severities.has(finding.severity) && (!category || finding.category === category));
  }

  function render() {
    if (!state.report) return;
    const shown = visibleFindings();
    renderSummary(shown.length);
    renderText(shown);
    renderCards(shown);
    const isDocx = state.file.name.toLowerCase().endsWith(".docx");
    for (const id of ["dl-annotate", "dl-redline"]) {
      $(id).disabled = !isDocx;
      $(id).title = isDocx ? "" : t("check.needdocx");
    }
    $("dl-redline").hidden = document.querySelector('meta[name="kyoso-redline"]').content !== "1";
  }

  function renderSummary(shownCount) {
    const findings = state.report.findings;
    const counts = SEVERITIES.map((severity) => [severity, findings.filter((f) => f.severity === severity).length])
      .filter(([, n]) => n > 0);
    const parts = [el("strong", {text: t("check.done", {n: findings.length})})];
    for (const [severity, n] of counts) parts.push(el("span", {class: `badge sev-${severity}`, text: `${t("sev." + severity)} ${n}`}));
    if (shownCount < findings.length) parts.push(el("span", {class: "muted", text: t("check.hidden", {n: findings.length - shownCount})}));
    if (state.report.parties && state.report.parties.length)
      parts.push(el("span", {class: "muted", text: `${t("check.parties")}: ${state.report.parties.map(partyLabel).join(Kyoso.lang === "ja" ? "、" : "; ")}`}));
    $("summary").replaceChildren(...parts);
    setStatus(state.warnings.join(" "));
  }

  /* Split the text at every finding boundary; each piece is marked with the most severe
     finding covering it, and knows every finding it belongs to. */
  function renderText(shown) {
    const text = state.text;
    const cuts = new Set([0, text.length]);
    for (const {finding} of shown) {
      cuts.add(Math.max(0, Math.min(text.length, finding.location.start)));
      cuts.add(Math.max(0, Math.min(text.length, finding.location.end)));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const covering = shown.filter(({finding}) => finding.location.start <= start && finding.location.end >= end);
      const piece = text.slice(start, end);
      if (!covering.length) { pieces.push(piece); continue; }
      const worst = covering.reduce((a, b) =>
        SEVERITIES.indexOf(a.finding.severity) <= SEVERITIES.indexOf(b.finding.severity) ? a : b);
      const mark = el("mark", {class: `hl sev-${worst.finding.severity}`, "data-findings": covering.map((c) => c.index).join(" "),
                               title: covering.map((c) => c.finding.message).join("\n")}, piece);
      mark.addEventListener("click", () => focusCard(covering[0].index));
      pieces.push(mark);
    }
    $("doc").replaceChildren(...pieces);
  }

  function focusCard(index) {
    const card = document.querySelector(`.card[data-index="${index}"]`);
    if (!card) return;
    for (const other of document.querySelectorAll(".card.focused")) other.classList.remove("focused");
    card.classList.add("focused");
    card.scrollIntoView({behavior: "smooth", block: "nearest"});
  }

  function focusMark(index) {
    const marks = [...document.querySelectorAll("mark.hl")].filter((m) => m.dataset.findings.split(" ").includes(String(index)));
    for (const other of document.querySelectorAll("mark.hl.focused")) other.classList.remove("focused");
    for (const mark of marks) mark.classList.add("focused");
    if (marks[0]) marks[0].scrollIntoView({behavior: "smooth", block: "center"});
  }

  function favoursLine(finding) {
    if (!finding.favours) return null;
    const side = finding.against_user === true ? ` — ${t("check.against")}` : finding.against_user === false ? ` — ${t("check.for")}` : "";
    return el("p", {class: "favours" + (finding.against_user ? " against" : "")},
      el("span", {class: "label", text: `${t("check.favours")}: `}), finding.favours + side);
  }

  // Names of the dimensions the rules report, for the Japanese interface; others are shown
  // as their key with spaces. A false or empty dimension says nothing and is left out.
  const DIMENSIONS_JA = {
    royalty_free: "無償", perpetual: "無期限", irrevocable: "撤回不能", worldwide: "全世界", exclusive: "独占",
    sublicensable: "再許諾可", transferable: "譲渡可", unrestricted_scope: "範囲の限定なし", breadth: "広さ",
    licensee: "実施権者", bound: "義務を負う当事者", bound_role: "義務を負う側", one_sided: "一方のみ",
    duration_months: "期間（月）", period: "時期", scope: "範囲", territory: "地域", form: "形式",
    defined_product: "対象製品の特定", recipient: "権利を得る当事者", foreground: "成果（フォアグラウンド）",
    background: "バックグラウンド技術", no_consideration: "対価なし", paid: "対価あり",
    regardless_of_creator: "創作者を問わない", joint_only: "共同成果のみ", assign_back: "譲渡の戻し",
  };

  function dimensionName(key) {
    return (Kyoso.lang === "ja" && DIMENSIONS_JA[key]) || key.replace(/_/g, " ");
  }

  function dimensionsList(dimensions) {
    const entries = Object.entries(dimensions || {}).filter(([, value]) => value !== false && value != null && value !== "");
    if (!entries.length) return null;
    return el("div", {class: "dimensions"}, el("span", {class: "label", text: `${t("check.dimensions")}: `}),
      entries.map(([key, value]) => el("span", {class: "dim", "data-key": key},
        value === true ? dimensionName(key)
          : `${dimensionName(key)}: ${typeof value === "object" ? JSON.stringify(value) : value}`)));
  }

  function suggestion(finding) {
    const s = finding.suggestion || {};
    if (!s.text) return null;
    return el("details", {class: "suggestion", open: true},
      el("summary", {text: `${t("check.suggested")}${s.clause ? ` (${s.clause})` : ""}`}),
      s.note ? el("p", {class: "muted", text: s.note}) : null,
      el("pre", {text: s.text}));
  }

  function renderCards(shown) {
    if (!state.report.findings.length) {
      $("findings").replaceChildren(el("p", {class: "empty", text: t("check.none")}));
      return;
    }
    $("findings").replaceChildren(...shown.map(({finding, index}) => {
      const card = el("section", {class: `card sev-${finding.severity}`, "data-index": index, "data-severity": finding.severity,
                                  "data-category": finding.category},
        el("header", {},
          el("span", {class: `badge sev-${finding.severity}`, text: t("sev." + finding.severity)}),
          el("span", {class: "category", text: finding.category}),
          finding.location.article ? el("span", {class: "where", text: finding.location.article}) : null),
        el("p", {class: "message", text: finding.message}),
        finding.rationale ? el("p", {class: "rationale"}, el("span", {class: "label", text: `${t("check.why")}: `}), finding.rationale) : null,
        favoursLine(finding),
        dimensionsList(finding.dimensions),
        suggestion(finding),
        el("p", {class: "rule muted", text: finding.rule}));
      card.addEventListener("click", () => focusMark(index));
      return card;
    }));
  }

  async function download(url, fallbackName, button) {
    if (!state.file) return;
    const label = button.textContent;
    button.disabled = true;
    button.textContent = t("check.downloading");
    try {
      const response = await post(url, formFor(state.file));
      if (!response.ok) { setStatus(`${t("error")}: ${await errorMessage(response)}`, true); return; }
      saveBlob(await response.blob(), filenameOf(response, fallbackName));
    } finally {
      button.textContent = label;
      button.disabled = false;
    }
  }

  function stem() { return state.file.name.replace(/\.[^.]+$/, "") || "contract"; }

  function choose(file) {
    if (!file) return;
    state.file = file;
    $("party").value = "";
    inspect();
  }

  const drop = $("drop");
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    choose(event.dataTransfer.files[0]);
  });
  $("file").addEventListener("change", () => choose($("file").files[0]));
  $("party").addEventListener("change", inspect);
  $("doclang").addEventListener("change", inspect);
  for (const box of document.querySelectorAll(".sev-filter")) box.addEventListener("change", render);
  $("category").addEventListener("change", render);
  $("dl-json").addEventListener("click", () =>
    saveBlob(new Blob([state.reportText], {type: "application/json"}), `${stem()}.json`));
  $("dl-sarif").addEventListener("click", (e) => download("/api/sarif", `${stem()}.sarif`, e.currentTarget));
  $("dl-annotate").addEventListener("click", (e) => download("/api/annotate", `${stem()}-commented.docx`, e.currentTarget));
  $("dl-redline").addEventListener("click", (e) => download("/api/redline", `${stem()}-redline.docx`, e.currentTarget));
  Kyoso.onLanguage(render);
})();
