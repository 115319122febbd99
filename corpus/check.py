#!/usr/bin/env python3
"""Validate the fictional sample corpus: manifest, registry, speaker labels, TEI, planted hazards.

Run from anywhere: `python3 corpus/check.py` (stdlib only; uses `xmllint --noout` when installed).
Prints one line per problem as `file:line: message` and exits 1 if there is any problem.
Messages name files, lines and pseudonyms; they never quote a registry name (file paths aside:
three transcripts have a name in their file name on purpose).
"""

import csv
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TEI_NS = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ROLES = {"link_worker", "gp", "practice_manager", "receptionist", "nurse", "patient", "researcher"}
DATA_TYPES = {"interview", "observation", "focus_group"}
SITE_COLUMNS = ["id", "name", "region", "deprivation_decile", "integration_level", "list_size"]
PARTICIPANT_COLUMNS = ["id", "name", "aliases", "role", "site"]
DOCUMENT_COLUMNS = ["file", "id", "site", "data_type", "speakers"]
# `Label:` at the start of a line, optionally after a `[hh:mm:ss]` timestamp; up to four words;
# a space before the colon is allowed (`P2 :`).
LABEL_RE = re.compile(r"^(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*)?([^\W\d][\w.'’\- ]{0,40}?)\s?:(?:\s|$)")
NHS_RE = re.compile(r"(?<!\d)(\d{3}) ?(\d{3}) ?(\d{4})(?!\d)")
MIN_LINES, MAX_LINES = 60, 200

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def read_csv(name, columns):
    path = os.path.join(HERE, name)
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            problem(name + ":1", f"header should be {','.join(columns)}")
        return [(index + 2, row) for index, row in enumerate(reader)]


def nhs_check_digit(nine):
    """Modulus 11 with weights 10..2; None when the remainder makes the number invalid."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    check = 11 - total % 11
    return 0 if check == 11 else (None if check == 10 else check)


def english_words():
    path = "/usr/share/dict/words"
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as handle:
        return {w.strip() for w in handle if w.strip() and w.strip().islower()}


def main():
    sites = {}
    for line, row in read_csv("sites.csv", SITE_COLUMNS):
        where = f"sites.csv:{line}"
        if row["id"] in sites:
            problem(where, f"duplicate site id {row['id']}")
        sites[row["id"]] = row
        if row["integration_level"] not in {"full", "partial"}:
            problem(where, "integration_level should be full or partial")
        for column in ("deprivation_decile", "list_size"):
            if not row[column].isdigit():
                problem(where, f"{column} should be a whole number")
        if row["deprivation_decile"].isdigit() and not 1 <= int(row["deprivation_decile"]) <= 10:
            problem(where, "deprivation_decile should be 1-10")

    people = {}
    names = {}  # every registry name and alias -> participant id
    words = english_words()
    for line, row in read_csv("participants.csv", PARTICIPANT_COLUMNS):
        where = f"participants.csv:{line}"
        pid = row["id"]
        if pid in people:
            problem(where, f"duplicate participant id {pid}")
        people[pid] = row
        if row["role"] not in ROLES:
            problem(where, f"{pid}: unknown role")
        if row["role"] == "researcher":
            if row["site"]:
                problem(where, f"{pid}: researchers have an empty site")
        elif row["site"] not in sites:
            problem(where, f"{pid}: unknown site {row['site']}")
        terms = [row["name"]] + [a for a in row["aliases"].split(";") if a]
        for term in terms:
            if term in names and names[term] != pid:
                problem(where, f"{pid}: a name or alias is shared with {names[term]}")
            names[term] = pid
            for token in re.findall(r"[^\W\d_]+", term):
                if words is not None and len(token) >= 3 and token.lower() in words:
                    problem(where, f"{pid}: a name or alias contains an ordinary English word")

    documents = read_csv("documents.csv", DOCUMENT_COLUMNS)
    seen_ids, per_site, tei_count, kinds = set(), {}, 0, set()
    valid_nhs, invalid_nhs = set(), set()
    name_in_file_name = False
    lowered_terms = {t.lower() for t in names if len(t) >= 3}
    for line, row in documents:
        where = f"documents.csv:{line}"
        doc_id, rel = row["id"], row["file"]
        if doc_id in seen_ids:
            problem(where, f"duplicate document id {doc_id}")
        seen_ids.add(doc_id)
        if row["site"] not in sites:
            problem(where, f"{doc_id}: unknown site {row['site']}")
        per_site[row["site"]] = per_site.get(row["site"], 0) + 1
        if row["data_type"] not in DATA_TYPES:
            problem(where, f"{doc_id}: unknown data_type {row['data_type']}")
        kinds.add(row["data_type"])
        if any(part in lowered_terms for part in re.split(r"[-_./ ]", rel.lower())):
            name_in_file_name = True
        speakers = {}
        for pair in filter(None, row["speakers"].split(";")):
            label, _, pid = pair.partition("=")
            if pid not in people:
                problem(where, f"{doc_id}: speaker label maps to unknown participant {pid}")
            if label in names:
                problem(where, f"{doc_id}: a speakers label is itself a registry name")
            speakers[label] = pid
        path = os.path.join(HERE, rel)
        if not os.path.isfile(path):
            problem(where, f"{doc_id}: file {rel} does not exist")
            continue
        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8-sig")  # a BOM is allowed (S3-INT-03 has one on purpose)
        except UnicodeDecodeError as error:
            problem(rel, f"not UTF-8 at byte {error.start}")
            continue
        lines = text.replace("\r\n", "\n").split("\n")  # CRLF is allowed (S4-INT-03)
        count = len(lines) - (1 if lines[-1] == "" else 0)
        if not MIN_LINES <= count <= MAX_LINES:
            problem(rel, f"{count} lines; expected {MIN_LINES}-{MAX_LINES}")
        for match in NHS_RE.finditer(text):
            digits = "".join(match.groups())
            check = nhs_check_digit(digits[:9])
            (valid_nhs if check is not None and check == int(digits[9]) else invalid_nhs).add(digits)
        if rel.endswith(".xml"):
            tei_count += 1
            used = check_tei(rel, path, speakers, names)
        elif row["data_type"] == "observation":
            used = set()
        else:
            used = check_plain(rel, lines, speakers, names)
        if row["data_type"] == "focus_group" and len(used) < 4:
            problem(rel, "a focus group needs a facilitator and 3+ speakers")
        for label in speakers:
            if label not in used:
                problem(where, f"{doc_id}: speakers label {label} is never used in the transcript")

    if len(documents) < 14:
        problem("documents.csv", "at least 14 transcripts expected")
    for site in sites:
        if per_site.get(site, 0) < 3:
            problem("documents.csv", f"site {site} has fewer than 3 transcripts")
    if tei_count < 3:
        problem("documents.csv", "at least 3 TEI files expected")
    if kinds != DATA_TYPES:
        problem("documents.csv", f"data types missing: {sorted(DATA_TYPES - kinds)}")
    if not name_in_file_name:
        problem("documents.csv", "no file name holds a participant's name (planted hazard missing)")
    if len(valid_nhs) < 2 or len(invalid_nhs) < 1:
        problem("transcripts", f"want 2+ valid and 1+ invalid NHS numbers; found {len(valid_nhs)} and {len(invalid_nhs)}")
    if not 20 <= len(people) <= 30:
        problem("participants.csv", f"{len(people)} participants; expected 20-30")

    for p in problems:
        print(p)
    print(f"checked {len(sites)} sites, {len(people)} participants, {len(documents)} documents "
          f"({tei_count} TEI), NHS numbers: {len(valid_nhs)} valid, {len(invalid_nhs)} invalid; "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


def resolves(label, speakers, names):
    return label in speakers or label in names


def check_plain(rel, lines, speakers, names):
    """Every `Label:` in the body maps through the speakers column or is a registry name/alias.

    A leading block (up to the first blank line) is a cover sheet when none of its labels resolve.
    """
    first_blank = next((i for i, l in enumerate(lines) if not l.strip()), len(lines))
    head_labels = [m.group(1) for m in (LABEL_RE.match(l) for l in lines[:first_blank]) if m]
    start = first_blank if not any(resolves(l, speakers, names) for l in head_labels) else 0
    used = set()
    for number, text in enumerate(lines[start:], start=start + 1):
        match = LABEL_RE.match(text)
        if not match:
            continue
        label = match.group(1)
        if resolves(label, speakers, names):
            used.add(label)
        else:
            problem(f"{rel}:{number}", "speaker label neither in the speakers column nor in the registry")
    if not used:
        problem(rel, "no speaker labels found")
    return used


def check_tei(rel, path, speakers, names):
    """Well-formed (ElementTree and xmllint), TEI namespace, every @who declared and mapped."""
    if shutil.which("xmllint"):
        result = subprocess.run(["xmllint", "--noout", "--nonet", path], capture_output=True, text=True)
        if result.returncode != 0:
            problem(rel, "xmllint: not well-formed: " + result.stderr.strip().splitlines()[0])
            return set()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        problem(f"{rel}:{error.position[0]}", f"not well-formed XML ({error})")
        return set()
    if root.tag != TEI_NS + "TEI":
        problem(rel, "root element should be TEI in the TEI namespace")
    declared = {}
    for person in root.iter(TEI_NS + "person"):
        pid = person.get(XML_ID)
        pers = person.find(TEI_NS + "persName")
        declared[pid] = pers.text if pers is not None else None
        if pers is None or pers.text not in names:
            problem(rel, f"person {pid}: persName missing or not a registry name")
    used = set()
    for u in root.iter(TEI_NS + "u"):
        for ref in (u.get("who") or "").split():
            label = ref.lstrip("#")
            used.add(label)
            if label not in declared:
                problem(rel, f"who={ref} is not declared in particDesc")
            elif label not in speakers and declared[label] not in names:
                problem(rel, f"who={ref} maps to no participant")
    if not used:
        problem(rel, "no <u who> utterances")
    return used


if __name__ == "__main__":
    sys.exit(main())
