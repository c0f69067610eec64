/* kyoso serve: shared helpers for both pages (token, interface language, downloads).
   Everything runs locally; nothing is fetched from anywhere but this server. */
"use strict";

const Kyoso = (() => {
  const token = document.querySelector('meta[name="kyoso-token"]').content;

  const STRINGS = {
    ja: {
      "nav.check": "契約書をチェック", "nav.draft": "契約書を作成",
      "check.drop": "ここに契約書（DOCX・PDF・テキスト）をドロップするか、ファイルを選択",
      "check.party": "自社の当事者", "check.party.unset": "— 指定しない —",
      "check.doclang": "契約書の言語", "check.doclang.auto": "自動判定",
      "check.filter.severity": "重大度", "check.filter.category": "分類", "check.filter.all": "すべて",
      "check.download": "ダウンロード", "check.dl.annotate": "コメント付きDOCX", "check.dl.redline": "修正履歴付きDOCX",
      "check.checking": "チェック中…", "check.done": "{n}件の指摘",
      "check.none": "指摘はありません。", "check.hidden": "（フィルタで{n}件を非表示）",
      "check.why": "理由", "check.favours": "有利な当事者", "check.against": "貴社に不利",
      "check.for": "貴社に有利", "check.dimensions": "内容", "check.suggested": "推奨するモデル条項",
      "check.excerpt": "該当箇所", "check.parties": "当事者",
      "check.needdocx": "DOCXファイルのみ", "check.downloading": "作成中…",
      "sev.high": "高", "sev.medium": "中", "sev.low": "低", "sev.info": "情報",
      "draft.contract": "契約書", "draft.preset": "プリセット", "draft.lang": "作成する言語",
      "draft.lang.both": "日本語＋英語（対訳）", "draft.example": "記入例を入れる",
      "draft.download": "ダウンロード", "draft.download.docx": "DOCXをダウンロード",
      "draft.download.zip": "一式をZIPでダウンロード（カバーメモ付き）",
      "draft.nopreset": "（プリセットなし）", "draft.usedefault": "既定値／プリセットに従う",
      "draft.default": "既定値", "draft.preset.values": "プリセットの値",
      "draft.favours.startup": "スタートアップ有利", "draft.favours.business": "事業会社有利",
      "draft.favours.balanced": "バランス", "draft.yes": "はい", "draft.no": "いいえ",
      "draft.documents": "作成する契約書", "draft.dates": "締結日", "draft.settings": "全体の設定",
      "draft.working": "作成中…", "draft.done": "ダウンロードしました", "draft.errors": "{n}件の問題があります。各項目の下をご覧ください。",
      "draft.list": "JSON形式で記入（例を参照）", "draft.badjson": "JSONとして読めません",
      "party.name": "名称", "party.address": "住所", "party.representative": "代表者",
      "error": "エラー",
    },
    en: {
      "nav.check": "Check a contract", "nav.draft": "Draft a contract",
      "check.drop": "Drop a contract here (DOCX, PDF or text), or choose a file",
      "check.party": "Your party", "check.party.unset": "— not set —",
      "check.doclang": "Contract language", "check.doclang.auto": "detect",
      "check.filter.severity": "Severity", "check.filter.category": "Category", "check.filter.all": "all",
      "check.download": "Download", "check.dl.annotate": "Commented DOCX", "check.dl.redline": "Redlined DOCX",
      "check.checking": "Checking…", "check.done": "{n} finding(s)",
      "check.none": "No findings.", "check.hidden": "({n} hidden by the filters)",
      "check.why": "Why", "check.favours": "Favours", "check.against": "against you",
      "check.for": "in your favour", "check.dimensions": "Terms", "check.suggested": "Suggested model wording",
      "check.excerpt": "Passage", "check.parties": "Parties",
      "check.needdocx": "DOCX files only", "check.downloading": "Preparing…",
      "sev.high": "high", "sev.medium": "medium", "sev.low": "low", "sev.info": "info",
      "draft.contract": "Contract", "draft.preset": "Preset", "draft.lang": "Language of the draft",
      "draft.lang.both": "Japanese + English (side by side)", "draft.example": "Fill in the example deal",
      "draft.download": "Download", "draft.download.docx": "Download the DOCX",
      "draft.download.zip": "Download the pack as a zip (with the cover memo)",
      "draft.nopreset": "(no preset)", "draft.usedefault": "use the default / preset",
      "draft.default": "default", "draft.preset.values": "presets",
      "draft.favours.startup": "favours the startup", "draft.favours.business": "favours the company",
      "draft.favours.balanced": "balanced", "draft.yes": "yes", "draft.no": "no",
      "draft.documents": "Documents", "draft.dates": "Dates of signing", "draft.settings": "Settings",
      "draft.working": "Drafting…", "draft.done": "Downloaded", "draft.errors": "{n} problem(s): see the notes under the fields.",
      "draft.list": "as JSON (see the example)", "draft.badjson": "not valid JSON",
      "party.name": "Name", "party.address": "Address", "party.representative": "Representative",
      "error": "Error",
    },
  };

  let lang = localStorage.getItem("kyoso.lang") ||
    ((navigator.language || "ja").toLowerCase().startsWith("ja") ? "ja" : "en");
  const listeners = [];

  function t(key, values) {
    let text = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key;
    for (const [name, value] of Object.entries(values || {})) text = text.replace(`{${name}}`, value);
    return text;
  }

  function pick(bilingual) {  // {ja, en} -> the interface language's text
    if (bilingual == null) return "";
    if (typeof bilingual === "string") return bilingual;
    return bilingual[lang] || bilingual.en || bilingual.ja || "";
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
    for (const button of document.querySelectorAll("[data-lang]"))
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    for (const listener of listeners) listener(lang);
  }

  function setLanguage(next) {
    lang = next;
    localStorage.setItem("kyoso.lang", next);
    applyLanguage();
  }

  function el(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (key === "class") element.className = value;
      else if (key === "text") element.textContent = value;
      else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role" || key === "for") element.setAttribute(key, value);
      else element[key] = value;
    }
    for (const child of children.flat()) {
      if (child == null || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  async function post(url, body, headers) {
    const response = await fetch(url, {method: "POST", body, headers: {"X-Kyoso-Token": token, ...(headers || {})}});
    return response;
  }

  async function get(url) {
    const response = await fetch(url, {headers: {"X-Kyoso-Token": token}});
    if (!response.ok) throw new Error(await errorMessage(response));
    return response.json();
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      return (body.error && body.error.message) || response.statusText;
    } catch (_) {
      return `${response.status} ${response.statusText}`;
    }
  }

  function saveBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = el("a", {href: url, download: filename});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function filenameOf(response, fallback) {
    const header = response.headers.get("content-disposition") || "";
    const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (utf8) return decodeURIComponent(utf8[1]);
    const plain = /filename="([^"]+)"/.exec(header);
    return plain ? plain[1] : fallback;
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-lang]"))
      button.addEventListener("click", () => setLanguage(button.dataset.lang));
    applyLanguage();
  });

  return {
    token, t, pick, el, post, get, errorMessage, saveBlob, filenameOf,
    get lang() { return lang; },
    onLanguage(listener) { listeners.push(listener); },
  };
})();
