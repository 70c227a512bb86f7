"""suggest, compare and annotate --annotator from the command line, on temporary libraries."""

from __future__ import annotations

import json
from pathlib import Path

from .runner import claimmark, fails

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "harbour-town-bans-cruise-ships.txt"
OVERDUE = "The decision is long overdue."
DIVIDED = "Shop owners on the waterfront are divided."
CRITICS = "Critics of the ban underestimate how much the old town has already changed."


def _sample(env: dict[str, str]) -> str:
    return claimmark(env, "import", str(SAMPLE)).stdout.split("\t")[0]


def test_suggest_prints_every_sentence_with_offsets_type_reason_and_speaker(cli_env: dict[str, str]) -> None:
    """One tab-separated line per sentence, and the same as JSON; nothing is stored."""
    doc = _sample(cli_env)
    lines = claimmark(cli_env, "suggest", doc).stdout.splitlines()
    assert 18 == len(lines)
    assert "608\t759\tquote\tInes Carvalho\tQuote — quotation marks and 'said'\t“We are not" in "\n".join(lines)
    rows = json.loads(claimmark(cli_env, "suggest", doc, "--json").stdout)
    assert {"start": 760, "end": 789, "claim_type": "fact", "speaker": "", "text": OVERDUE} == {
        k: v for k, v in rows[7].items() if k != "reason"
    }
    assert "" == claimmark(cli_env, "annotations", doc).stdout


def test_suggest_only_and_accept_store_the_claims_in_one_go(cli_env: dict[str, str]) -> None:
    """--only filters by type; --accept stores the suggested claims as annotations."""
    doc = _sample(cli_env)
    quotes = claimmark(cli_env, "suggest", doc, "--only", "quote").stdout.splitlines()
    assert 3 == len(quotes)
    assert "accepted 3 suggested claims\n" == claimmark(cli_env, "suggest", doc, "--only", "quote", "--accept").stdout
    listed = claimmark(cli_env, "annotations", doc, "--json").stdout
    assert ["Ines Carvalho", "Tomas Reyes", "Cruise Lines Association"] == [a["speaker"] for a in json.loads(listed)]


def test_annotate_records_the_annotator_given_or_from_the_environment(cli_env: dict[str, str]) -> None:
    """--annotator names who tags; without it $CLAIMMARK_ANNOTATOR does."""
    doc = _sample(cli_env)
    claimmark(cli_env, "annotate", doc, "--quote", OVERDUE, "--type", "opinion", "--annotator", "teacher")
    claimmark({**cli_env, "CLAIMMARK_ANNOTATOR": "ann"}, "annotate", doc, "--quote", DIVIDED, "--type", "fact")
    rows = json.loads(claimmark(cli_env, "annotations", doc, "--json").stdout)
    assert ["teacher", "ann"] == [row["annotator"] for row in rows]


def _key_and_student(env: dict[str, str]) -> str:
    doc = _sample(env)
    teacher = ("--annotator", "teacher")
    claimmark(env, "annotate", doc, "--quote", OVERDUE, "--type", "opinion", "--note", "The writer judges.", *teacher)
    claimmark(env, "annotate", doc, "--quote", CRITICS, "--type", "opinion", *teacher)
    claimmark(env, "annotate", doc, "--quote", OVERDUE, "--type", "fact", "--annotator", "ann")
    claimmark(env, "annotate", doc, "--quote", DIVIDED, "--type", "fact", "--annotator", "ann")
    return doc


def test_compare_two_annotators_of_one_library(cli_env: dict[str, str]) -> None:
    """The report: type differs with the key's note, missed, extra, and numbers checked by hand."""
    doc = _key_and_student(cli_env)
    report = claimmark(cli_env, "compare", "--document", doc, "--key", "teacher", "--student", "ann").stdout
    assert (
        "you tagged fact, the key says opinion: “The decision is long overdue.”. Key's note: The writer judges."
        in report
    )
    assert f"- **missed** (opinion): “{CRITICS}”." in report and f"- **extra** (fact): “{DIVIDED}”" in report
    # 1 of 2 matched on each side: P = R = F1 = 0.5. 18 sentences: key opinion at 7 and 14, student fact at 7 and 9;
    # p_o = 15/18 (the other 15 are none on both); p_e = (16*16 + 2*0 + 0*2) / 18**2 = 256/324;
    # kappa = (15/18 - 256/324) / (1 - 256/324) = (270 - 256) / (324 - 256) = 14/68 = 0.206.
    assert "| span F1 | 0.500 |" in report and "| Cohen's kappa (18 sentences) | 0.206 |" in report
    data = json.loads(
        claimmark(cli_env, "compare", "--document", doc, "--key", "teacher", "--student", "ann", "--json").stdout
    )
    assert {"agreed": 0, "type differs": 1, "missed": 1, "extra": 1} == data["counts"]
    assert 14 / 68 == data["kappa"] or abs(14 / 68 - data["kappa"]) < 1e-12


def test_compare_two_json_exports_and_write_the_report(cli_env: dict[str, str], tmp_path: Path) -> None:
    """A teacher's export with its text against a student's from another library: the same report, written to -o."""
    doc = _key_and_student(cli_env)
    key_file, student_file, report = tmp_path / "key.json", tmp_path / "student.json", tmp_path / "report.md"
    claimmark(cli_env, "export", doc, "--format", "json", "--include-text", "-o", str(key_file))
    student_env = {**cli_env, "CLAIMMARK_LIBRARY": str(tmp_path / "student.sqlite")}
    student_doc = _sample(student_env)
    claimmark(student_env, "annotate", student_doc, "--quote", OVERDUE, "--type", "opinion")
    claimmark(student_env, "export", student_doc, "--format", "json", "-o", str(student_file))
    claimmark(student_env, "compare", str(key_file), str(student_file), "-o", str(report))
    text = report.read_text(encoding="utf-8")
    # The key file holds both annotators' claims: 4 key claims, 1 student claim (agreed with one of the OVERDUE pair).
    assert "Key: key.json (4 claims). Student: student.json (1 claims)." in text
    assert "- **agreed** (opinion): “The decision is long overdue.”" in text


def test_compare_refuses_what_cannot_be_compared(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Missing annotators, a lone file, a file that is not JSON, or mixed modes: one error line each."""
    doc = _key_and_student(cli_env)
    assert "'nobody' has no claims" in fails(
        cli_env, "compare", "--document", doc, "--key", "nobody", "--student", "ann"
    )
    assert "name two files" in fails(cli_env, "compare", "only-one.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert "not JSON" in fails(cli_env, "compare", str(broken), str(broken))
    assert "with --document" in fails(cli_env, "compare", "--document", doc, "--key", "teacher")
