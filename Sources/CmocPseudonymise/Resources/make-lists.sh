#!/bin/sh
# Rebuilds the word lists in this folder from their public sources (see PROVENANCE.md).
#   apt-get install -y wbritish          # /usr/share/dict/british-english (SCOWL)
#   pip download --no-deps -d /tmp/names names==0.3.0 && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
#   sh make-lists.sh /usr/share/dict/british-english /tmp/names/names-0.3.0/names
# Output: lowercased, de-duplicated, byte-sorted (LC_ALL=C) lists, one entry a line.
set -eu
DICT=${1:-/usr/share/dict/british-english}
NAMES=${2:-/tmp/names/names-0.3.0/names}
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C
# Common words: entries written in lower case in the dictionary (possessive forms dropped).
grep -v "'s$" "$DICT" | grep '^[[:lower:]]' | tr '[:upper:]' '[:lower:]' | sort -u > "$HERE/common-words.txt"
# Proper nouns: entries written capitalised whose lower-case form is not also a common word.
grep -v "'s$" "$DICT" | grep -v '^[[:lower:]]' | tr '[:upper:]' '[:lower:]' | sort -u \
  | comm -23 - "$HERE/common-words.txt" > "$HERE/proper-nouns.txt"
# First names: every male and female first name of the 1990 US Census lists.
cat "$NAMES/dist.male.first" "$NAMES/dist.female.first" | awk '{print tolower($1)}' | sort -u > "$HERE/first-names.txt"
# Surnames: the 5,000 most frequent of the 1990 US Census surname list (rank is column 4).
awk '$4 <= 5000 {print tolower($1)}' "$NAMES/dist.all.last" | sort -u > "$HERE/surnames.txt"
wc -l "$HERE"/*.txt
