"""A blatantly one-sided joint development contract, in Japanese and in English,
written for the web tests: every result goes to the large company, which also takes a
free, perpetual, irrevocable licence, and the startup is barred from the field for five
years. The checker must flag it whatever its rules look like in detail, so the tests
assert that findings exist and are shown, not which rule ids fire."""

from __future__ import annotations

from pathlib import Path

EN = [
    "Joint Development Agreement",
    "This Joint Development Agreement is made between Giant Motors Corporation "
    "(\"Company\") and Tiny Sensors Inc. (\"Startup\").",
    "Article 1 (Purpose)",
    "The parties will jointly develop a battery sensor for electric vehicles.",
    "Article 2 (Ownership of Results)",
    "All intellectual property rights in all results of the development, including "
    "inventions made solely by Startup, shall vest in and be assigned to Company.",
    "Article 3 (License)",
    "Startup hereby grants to Company a royalty-free, perpetual, irrevocable, worldwide "
    "license to use all of Startup's background technology for any purpose.",
    "Article 4 (Non-Competition)",
    "For five (5) years after the termination of this Agreement, Startup shall not "
    "develop, manufacture or sell any product in the field of battery sensors, and shall "
    "not conduct any joint development with any third party in that field.",
    "Article 5 (Governing Law)",
    "This Agreement is governed by the laws of Japan.",
]

JA = [
    "共同開発契約書",
    "ジャイアント自動車株式会社（以下「甲」という。）とタイニーセンサー株式会社（以下「乙」という。）は、"
    "次のとおり共同開発契約を締結する。",
    "第1条（目的）",
    "甲および乙は、電気自動車用の電池センサーを共同で開発する。",
    "第2条（成果の帰属）",
    "本開発により生じた一切の成果に係る知的財産権は、乙が単独でした発明を含め、すべて甲に帰属する。",
    "第3条（実施許諾）",
    "乙は甲に対し、乙の保有する技術について、無償で、期間の定めなく、撤回不能な、"
    "あらゆる目的のための実施権を許諾する。",
    "第4条（競業禁止）",
    "乙は、本契約の終了後5年間、電池センサーの分野において、いかなる製品の開発、製造または販売も行ってはならず、"
    "第三者と共同開発を行ってはならない。",
    "第5条（準拠法）",
    "本契約は日本法に準拠する。",
]

PARAGRAPHS = {"en": EN, "ja": JA}


def one_sided_docx(folder: Path, lang: str = "en") -> Path:
    import docx

    document = docx.Document()
    for text in PARAGRAPHS[lang]:
        document.add_paragraph(text)
    path = Path(folder) / f"one-sided-{lang}.docx"
    document.save(path)
    return path


def one_sided_text(folder: Path, lang: str = "en") -> Path:
    path = Path(folder) / f"one-sided-{lang}.txt"
    path.write_text("\n".join(PARAGRAPHS[lang]) + "\n", encoding="utf-8")
    return path
