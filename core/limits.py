"""Every limit and threshold kyoso uses, in one place, each with the reason for it.

Inputs come from counterparties, so each reader stops early and says why rather
than hang or exhaust memory. Checker thresholds encode the guideline heuristics
(see shared/domain/guideline-brief.md, Table B); no government text fixes them.
"""

# --- input files -------------------------------------------------------------
# A long real contract with exhibits is a few MB as DOCX/PDF; 50 MB leaves room for
# embedded images while refusing the files that exist only to exhaust memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024
# Plain text is denser: 20 MB of UTF-8 is ~7,000 pages of contract.
MAX_TEXT_BYTES = 20 * 1024 * 1024
# One "line" longer than this with no whitespace is not prose (minified data, a
# base64 blob); tokenisers slow down badly on such runs.
MAX_TOKEN_CHARS = 10_000

# --- DOCX (ZIP) ----------------------------------------------------------------
# A Word document has ~20-60 parts; thousands means a crafted archive.
MAX_ZIP_MEMBERS = 2_000
# document.xml of a 300-page contract is ~5-10 MB; 100 MB per part is generous.
MAX_ZIP_MEMBER_BYTES = 100 * 1024 * 1024
# Sum of declared uncompressed sizes: bounds what lxml could be asked to parse.
MAX_ZIP_TOTAL_BYTES = 300 * 1024 * 1024
# XML compresses ~10-20x; 200x only happens with padding built to explode (zip bombs).
MAX_ZIP_RATIO = 200
# Real documents nest tables a few levels; lxml's own hard limit is 256, and deep
# trees make recursive walks slow. 
MAX_XML_DEPTH = 100
# ~100 pages hold ~2,000 paragraphs; 50,000 is far beyond any contract.
MAX_PARAGRAPHS = 50_000

# --- PDF -------------------------------------------------------------------------
# Contracts with schedules rarely exceed a few hundred pages.
MAX_PDF_PAGES = 1_000
# pypdf runs in a child process; these bound a hostile file's cost.
PDF_TIMEOUT_SECONDS = 8
PDF_MEMORY_BYTES = 400 * 1024 * 1024
# Fewer extracted characters per page than this means a scan without a text layer.
PDF_MIN_CHARS_PER_PAGE = 20

# --- YAML (answers, config, clause and rule files) ------------------------------------
# The whole clause library is ~100 KB; an answers file is a few KB.
MAX_YAML_BYTES = 1 * 1024 * 1024

# --- baseline (kyoso check --baseline) ----------------------------------------------
# One entry is ~300 bytes (path, rule, fingerprint, excerpt); 20 MB is ~60,000 accepted
# findings, far more than any contract repository has, and bounds a hostile file.
MAX_BASELINE_BYTES = 20 * 1024 * 1024
# A path, rule id or fingerprint longer than this is not one kyoso wrote.
MAX_BASELINE_FIELD_CHARS = 4_096

# --- spaCy -----------------------------------------------------------------------
# Sudachi refuses inputs over ~49 KB (bytes); we send paragraphs under this size.
SUDACHI_MAX_BYTES = 40_000

# --- answers -------------------------------------------------------------------
# Money above a trillion yen is a typo, not a startup deal; also keeps Word happy.
MAX_MONEY_AMOUNT = 10**12
MAX_TEXT_ANSWER_CHARS = 5_000

# --- checker thresholds (heuristics; guideline sets no numbers) ------------------------
# Non-compete: the JFTC allows a "reasonable period" after the project; two years is
# the line the brief proposes between medium and high (Table B row 6).
NONCOMPETE_MAX_POST_TERM_MONTHS = 24
# Exclusive licence: exclusivity longer than 5 years is medium (Table B row 5).
EXCLUSIVE_LICENCE_MAX_YEARS = 5
# NDA survival under one year leaves core know-how exposed (Table B row 9).
NDA_MIN_SURVIVAL_MONTHS = 12
# PoC longer than 6 months drifts into unpaid development (Table B row 11).
POC_MAX_TERM_MONTHS = 6

# --- language detection (kyoso check --lang auto) -----------------------------------------
# The first 20,000 characters (~10 pages) settle a contract's language; reading more
# only costs time on long files.
LANGUAGE_SAMPLE_CHARS = 20_000
# Share of kana/kanji among letters from which a document counts as Japanese. A
# Japanese contract full of English defined terms stays well above 30%; an English
# contract naming a Japanese company stays far below it.
LANGUAGE_JA_MIN_SHARE = 0.3

# --- readers: batches, sniffing ----------------------------------------------------
# stdin carries one document; the same bound as a file.
MAX_STDIN_BYTES = MAX_INPUT_BYTES
# A folder holding more contracts than this is a mistake (a home directory, a mount):
# stop listing rather than walk for minutes.
MAX_BATCH_FILES = 100_000
# ZIP members smaller than this skip the ratio test: small XML parts (settings,
# empty headers) compress far beyond 200x without being dangerous.
ZIP_RATIO_MIN_BYTES = 1 * 1024 * 1024
# A text file whose sample is more than 10% control characters is binary, not prose.
TEXT_MAX_CONTROL_SHARE = 0.10

# --- findings ------------------------------------------------------------------------
# A finding quotes its sentence; contract sentences can run to thousands of characters
# (whole sections without a full stop), which no report reader takes in. 600 characters
# keeps the cue and its context.
FINDING_EXCERPT_MAX_CHARS = 600

# --- parties (checker/parties.py) ------------------------------------------------------
# Parties are named in the title block and preamble; 5,000 characters (~2 pages) reach
# past long recitals without reading the whole contract for every document.
PARTY_SCAN_CHARS = 5_000
# A definitions article (「定義」 / "Definitions") may name the parties' roles
# (「スタートアップ」とは甲をいう); its first 3,000 characters are read as well.
PARTY_DEFINITIONS_SCAN_CHARS = 3_000

# --- readers: XML parts (see also DOCX above) -------------------------------------
# Elements in one XML part (counted from its bytes before parsing). A 300-page
# contract has ~200,000; each parsed element costs ~200 bytes, so a part of many tiny
# elements that still passes the size and ratio checks stays under ~200 MB.
MAX_XML_ELEMENTS = 1_000_000

# --- answers: parties (clauses/answers.py) ------------------------------------------
# A party's name, address or representative line fits on one signature-block line;
# the longest registered Japanese company names run to ~100 characters, so 500 only
# stops pasted paragraphs.
MAX_PARTY_FIELD_CHARS = 500
# An alias is a short label repeated in every clause (甲, "the Startup", "BigCo").
MAX_PARTY_ALIAS_CHARS = 50

# --- kyoso's marks on its own drafts (core/marks.py) ----------------------------------
# Word keeps a custom text property of up to 255 characters (longer ones are cut when
# the file is saved), so marks are written and read at that length.
MAX_MARK_VALUE_CHARS = 255
# A kyoso draft has two parties; a few more leave room for editions with more without
# letting a crafted file make the checker build a long list.
MAX_MARKED_PARTIES = 8
# kyoso writes ~15 properties; only this many kyoso.* properties are read.
MAX_MARK_PROPERTIES = 100
# kyoso's front matter is ~20 lines; a "---" that opens a file and closes nowhere near
# is a horizontal rule, not front matter.
MAX_FRONT_MATTER_LINES = 60

# --- YAML numbers (core/safe_yaml.py) ---------------------------------------------------
# No answer, threshold or rule setting needs a number longer than this; Python refuses
# to convert integers past 4,300 digits (a ValueError mid-parse), and converting long
# ones costs quadratic time, so longer integer scalars are refused with a message.
MAX_YAML_INT_CHARS = 1_000
# Nesting of YAML collections. The deepest real file (a clause library: contract →
# articles → paragraphs → items → text) is ~10 levels; 50 is generous, and a fixed
# bound keeps both the pure-Python and the libyaml loader far from any stack limit.
MAX_YAML_DEPTH = 50
# An answers file with hundreds of mistakes is a wrong file, not a draft: the first
# ones show where it went wrong, and the one-line message stays readable.
MAX_ANSWER_PROBLEMS_SHOWN = 30

# --- batches (checker/batch.py) -----------------------------------------------------------
# Without --jobs, a batch smaller than this runs in-process: workers take ~0.7 s to
# start (import spaCy, build the pipeline) and a CUAD-sized contract 35-85 ms to check
# (as the rules grew), so N workers pay off once documents × that × (1 - 1/N) > 0.7 s:
# 17-40 documents for 2 workers, fewer for more (benchmarks/batch.py).
POOL_MIN_DOCUMENTS = 32
# Documents in flight per worker ahead of the oldest unfinished one. Output is in input
# order, so this is the reorder buffer: enough to keep workers busy past one slow
# contract, small enough that a million-document batch holds only a few results.
BATCH_WINDOW_PER_WORKER = 8
# --dask: a scheduler that does not answer in this time is not there (a wrong address
# should fail in seconds, not hang the command).
DASK_CONNECT_TIMEOUT_SECONDS = 10
# The progress line on stderr is redrawn at most this often: fast batches finish
# hundreds of documents a second, and a terminal redraw per document slows them down.
PROGRESS_REDRAW_SECONDS = 0.1

# --- garbage collector (kyoso check, batch workers) ---------------------------------------
# A check allocates millions of short-lived objects (tokens, matches, scores) and hardly a
# reference cycle: refcounting frees them. At Python's default thresholds (700, 10, 10)
# the cycle collector still ran ~270 times on one 10,000-word contract, two of them full
# passes over every object spaCy and the rules keep for the whole run: 0.11 s, a tenth of
# a cold check. Collecting the young generation every 10,000 allocations keeps any cycle
# short-lived and cost 0.03 s; peak memory did not move (112 MB cold, 123 MB on 40).
CHECK_GC_THRESHOLDS = (10_000, 50, 100)

# --- draft lint (templates/lint.py) ----------------------------------------------------
# A kyoso draft is ~30,000-120,000 characters (a bilingual JDA is the longest); 2 million
# is a 300-page contract twice over. The lint counts each defined term over the whole
# text, so a file far beyond any draft is refused instead of taking minutes.
MAX_LINT_TEXT_CHARS = 2_000_000
# Defined terms checked per language version: contracts define tens, the longest a few
# hundred; each is counted over the whole text, so the count is bounded too.
MAX_LINT_DEFINED_TERMS = 1_000
# The end of a list's lead-in paragraph ("Startup shall not, during the Term and for two
# years after it, without consent:") read together with each item: a covenant's subject,
# verb and period fit well within this; a longer paragraph is cut from its start.
LEAD_IN_MAX_CHARS = 400

# A sentence cut by a page break in text taken from PDFs: lines shorter than this between
# the cut and its lower-case continuation are taken for page numbers and running footers
# ("Source: ACME CORP, 10-K, 3/1/2001" is ~40 characters; a body paragraph is longer)...
PAGE_FOOTER_MAX_CHARS = 100
# ...and at most this many of them are skipped (number, footer, header, a stray line).
PAGE_BREAK_MAX_LINES = 4

# --- ip-assignment (checker/kinds.py IpTransferKind) -------------------------------------
# How far from a transfer cue its IP object may sit. English sentences put long
# parentheticals between verb and object ("shall assign (or cause to be assigned) to X,
# at X's cost, except …, (or to the extent not so assignable, …) all Regulatory Filings"):
# 400 characters reach the object of such sentences on CUAD without new false findings
# (300 missed two). Japanese puts the object right before 帰属/譲渡, within a short phrase.
IP_OBJECT_WINDOW_EN = 400
IP_OBJECT_WINDOW_JA = 120

# The trained scorer and the rules decide together (checker/engine.py). Scores are read
# as a ratio to each label's calibrated threshold (shipped with the weights: the best
# out-of-fold F1 on the training sentences), so one number per language serves every
# label. Each was chosen on out-of-fold figures (benchmarks/accuracy.py --cv 5; cuad-dev
# by contract, ja-dev by source), never on the text the model was trained on.
#
# A rule's reading stands unless the scorer gives the sentence under this ratio. The
# rules' precision held up on contracts never seen (0.96 / 0.95), their recall did not:
# out of fold, any veto cost more recall than it saved precision, so none.
SCORER_VETO_RATIO = 0.0
# A sentence no rule reads becomes a finding from the scorer alone at this ratio.
# English contracts have hundreds of candidate sentences: below 2x the contract-level
# precision for non-competes fell under 0.75 (clause level hardly moved). The Japanese
# sets are single clauses in unfamiliar styles, where the rules miss most: 1.25x.
SCORER_ADD_RATIO = {"en": 2.0, "ja": 1.25}
# A sentence a rule did read and turned down (mutual, the maker keeps, a status, a
# denial: the kinds' general exclusions) stays turned down unless the scorer is this sure.
# Japanese at 1.5x raised ja-dev non-compete recall (0.71 -> 0.86 out of fold) but
# overruled the rules on kyoso's own mutual clauses (tests/test_library_walk.py): 3x.
SCORER_OVERRIDE_RATIO = {"en": 3.0, "ja": 3.0}

# --- kyoso serve (web/) --------------------------------------------------------------
# An upload to the local page: a contract with exhibits is a few MB as DOCX or PDF;
# 20 MB takes any real one (and is MAX_TEXT_BYTES, the text cap) while a browser tab
# or a script cannot make the server hold hundreds of MB. Larger bodies get 413.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Multipart framing and the small form fields (party, lang, token) around the file:
# a few hundred bytes in practice; 64 KB is room for long file names and headers.
MAX_FORM_OVERHEAD_BYTES = 64 * 1024
# An answers body posted to /api/draft or /api/pack is YAML; MAX_YAML_BYTES bounds it.

# --- kyoso compare (checker/compare/) ------------------------------------------------------
# Alignment scores run 0..1. Title and content count equally where the contract article
# has a heading: a counterparty keeps the model's headings more often than its wording,
# but a heading alone ("Miscellaneous") must not decide.
COMPARE_TITLE_WEIGHT = 0.5
# Content similarity (TF-IDF cosine of character n-grams) counts as a full match from
# here: a counterparty's own wording of the same article scores ~0.15-0.35 against the
# model, a different article of the same contract ~0.05-0.2, kyoso's own wording 1.0.
COMPARE_CONTENT_FULL = 0.4
# Below this a model article is missing rather than matched. A heading alone that agrees
# reaches 0.5; wording alone needs a content similarity of ~0.12.
COMPARE_MATCH_MIN_SCORE = 0.3
