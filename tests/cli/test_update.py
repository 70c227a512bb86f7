"""`claimmark update` and `claimmark annotations --status`, end to end."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

from .runner import claimmark

OLD = (
    "Harbour town bans cruise ships\n\n"
    "The council voted seven to six on Monday to ban cruise ships from the harbour.\n\n"
    "Fishermen welcomed the decision, saying the ships had crowded the quay for years.\n\n"
    "Shopkeepers said the ban would cost them a third of their summer takings.\n"
)
NEW = OLD.replace("seven to six", "seven to five").replace("Shopkeepers said the ban would cost them a third", "")


def _annotated(env: dict[str, str], path: Path) -> str:
    path.write_text(OLD, encoding="utf-8")
    doc_id = claimmark(env, "import", str(path)).stdout.split("\t")[0]
    for quote in ("The council voted seven to six on Monday", "Shopkeepers said the ban would cost them a third"):
        claimmark(env, "annotate", doc_id, "--quote", quote, "--type", "fact")
    return doc_id


def test_update_prints_counts_and_annotations_filter_by_status(cli_env: dict[str, str], tmp_path: Path) -> None:
    """update prints STATUS<TAB>COUNT lines; annotations --status changed lists only the changed claim."""
    doc_id = _annotated(cli_env, tmp_path / "harbour.txt")
    (tmp_path / "edited.txt").write_text(NEW, encoding="utf-8")
    printed = claimmark(cli_env, "update", doc_id, str(tmp_path / "edited.txt")).stdout
    assert "anchored\t0\nmoved\t0\nchanged\t1\norphaned\t1\n" == printed
    changed = claimmark(cli_env, "annotations", doc_id, "--status", "changed", "--json").stdout
    assert [("The council voted seven to five on Monday", "The council voted seven to six on Monday")] == [
        (row["exact"], row["old_exact"]) for row in json.loads(changed)
    ]
    orphans = claimmark(cli_env, "annotations", doc_id, "--status", "orphaned").stdout.splitlines()
    assert 1 == len(orphans) and orphans[0].endswith("\torphaned\tShopkeepers said the ban would cost them a third")


def test_reimport_of_edited_file_updates_the_document(cli_env: dict[str, str], tmp_path: Path) -> None:
    """import of an edited file prints the same id, says it updated it, and keeps one document."""
    path = tmp_path / "harbour.txt"
    doc_id = _annotated(cli_env, path)
    path.write_text(NEW, encoding="utf-8")
    result = claimmark(cli_env, "import", str(path))
    assert doc_id == result.stdout.split("\t")[0]
    assert "0 anchored, 0 moved, 1 changed, 1 orphaned" in result.stderr
    assert 1 == len(json.loads(claimmark(cli_env, "list", "--json").stdout))


def test_update_with_bad_input_is_one_error_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    """A missing file or document gives one `claimmark: error:` line, exit 1, and changes nothing."""
    doc_id = _annotated(cli_env, tmp_path / "harbour.txt")
    missing = claimmark(cli_env, "update", doc_id, str(tmp_path / "gone.txt"), check=False)
    assert (1, 1) == (missing.returncode, len(missing.stderr.splitlines()))
    assert missing.stderr.startswith("claimmark: error: ") and "gone.txt" in missing.stderr
    unknown = claimmark(cli_env, "update", "999", str(tmp_path / "harbour.txt"), check=False)
    assert 1 == unknown.returncode and "no document 999" in unknown.stderr
    assert [] == multiprocessing.active_children()  # the file's import child, started meanwhile, is stopped
    bad_status = claimmark(cli_env, "annotations", doc_id, "--status", "lost", check=False)
    assert 2 == bad_status.returncode and bad_status.stderr.startswith("claimmark: error: ")
    statuses = claimmark(cli_env, "annotations", doc_id).stdout
    assert 2 == statuses.count("\tanchored\t")
