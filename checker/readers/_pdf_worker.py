"""Child process for PDF text extraction (run as a script, see pdf.py).

Usage: python -I _pdf_worker.py MEMORY_BYTES MAX_PAGES < file.pdf > result.json

The address-space limit is set before pypdf is imported, so a hostile PDF that makes
pypdf allocate without end fails here with MemoryError instead of taking the machine.
Prints one JSON object: {"pages": [...]} or {"error": code, "detail": text}.
"""

import io
import json
import resource
import sys


def main() -> None:
    memory, max_pages = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    try:
        result = extract(data, max_pages)
    except MemoryError:
        result = {"error": "memory", "detail": ""}
    except Exception as error:  # any pypdf failure is a damaged file to the user
        result = {"error": "damaged", "detail": f"{type(error).__name__}: {error}"[:300]}
    sys.stdout.write(json.dumps(result))


def extract(data: bytes, max_pages: int) -> dict:
    import logging

    logging.disable(logging.CRITICAL)  # pypdf warns on stderr about every oddity
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner-password-only PDF opens without a password
        except Exception:  # unsupported algorithm (AES needs the cryptography package)
            opened = 0
        if not opened:
            return {"error": "encrypted", "detail": ""}
    count = len(reader.pages)
    if count > max_pages:
        return {"error": "pages", "detail": str(count)}
    return {"pages": [page.extract_text() or "" for page in reader.pages]}


if __name__ == "__main__":
    main()
