"""CSV exports with ",", ";", tab or "|" delimiters are read with the delimiter of their header,
Excel workbooks by their first sheet, and `tollgate score timesheets` scores a European export
(";" and decimal-comma hours) and an .xlsx one; a broken workbook is a one-line error."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.table_files import header_delimiter, read_csv_strings, read_table, read_table_strings


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_header_names_the_delimiter(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:  # quoted where needed
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerows([["entry_id", "hours", "note"], ["e1", "7,5", "a, b; c | d"]])
    assert header_delimiter(path) == delimiter
    frame = read_csv_strings(path, keep_default_na=False)
    assert list(frame.columns) == ["entry_id", "hours", "note"]
    assert frame.loc[0, "hours"] == "7,5" and frame.loc[0, "note"] == "a, b; c | d"


def test_quoted_header_commas_and_a_bom_do_not_fool_it(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes('\ufeff"id";"hours, worked";"client, name"\n"e1";"8";"ACME, Inc."\n'.encode())
    assert header_delimiter(path) == ";"
    frame = read_csv_strings(path, keep_default_na=False)
    assert list(frame.columns) == ["id", "hours, worked", "client, name"]


def test_a_single_column_file_is_comma_separated(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("entry_id\ne1\n", encoding="utf-8")
    assert header_delimiter(path) == ","


def test_score_timesheets_reads_a_semicolon_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.config import get_settings
    from service.scoring.cli import score_app

    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    path = tmp_path / "export.csv"
    path.write_text("entry_id;consultant_id;project_id;work_date;hours\n"
                    "e1;C1;P1;2026-01-05;7,5\ne2;C1;P1;2026-01-06;8:00\ne3;C1;P1;2026-01-07;1,200\n",
                    encoding="utf-8")
    result = CliRunner().invoke(score_app, ["timesheets", str(path), "--model", "bundled"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line.get("entry_id") for line in lines] == ["e1", "e2", "e3"]
    assert "score" in lines[0] and "score" in lines[1]
    assert lines[2]["errors"] == ["hours is not a number"]


def _workbook(path: Path) -> None:
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["entry_id", "consultant_id", "project_id", "work_date", "hours"])
    sheet.append(["e1", "C1", "P1", date(2026, 1, 5), 7.5])  # a real Excel date and number
    sheet.append(["e2", "C1", "P1", "06.01.2026", "7:30"])  # text, as some exports write it
    book.create_sheet("Notes").append(["not read"])
    book.save(path)


def test_an_excel_first_sheet_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    _workbook(path)
    frame = read_table_strings(path, keep_default_na=False)
    assert list(frame.columns) == ["entry_id", "consultant_id", "project_id", "work_date", "hours"]
    assert frame["entry_id"].tolist() == ["e1", "e2"]
    assert frame.loc[0, "work_date"].startswith("2026-01-05") and frame.loc[0, "hours"] == "7.5"


def test_score_timesheets_reads_an_excel_export_and_refuses_a_broken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.config import get_settings
    from service.scoring.cli import score_app

    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    path = tmp_path / "export.xlsx"
    _workbook(path)
    result = CliRunner().invoke(score_app, ["timesheets", str(path), "--model", "bundled"])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    refused = CliRunner().invoke(score_app, ["timesheets", str(broken), "--model", "bundled"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["entry_id"] for line in lines] == ["e1", "e2"] and all("score" in line for line in lines)
    assert refused.exit_code == 1
    assert "cannot read" in refused.output and "not a readable Excel workbook" in refused.output


def test_score_timesheets_names_entries_after_their_rows_when_an_export_has_no_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.config import get_settings
    from service.scoring.cli import score_app

    monkeypatch.setenv("TOLLGATE_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    path = tmp_path / "toggl.csv"
    path.write_text("User,Project,Start date,Duration\nAna,Web,2026-01-05,07:30:00\n"
                    "Ana,Web,2026-01-06,08:00:00\n", encoding="utf-8")
    maps = ["--map", "User=consultant_id", "--map", "Project=project_id",
            "--map", "Start date=work_date", "--map", "Duration=hours"]
    result = CliRunner().invoke(score_app, ["timesheets", str(path), "--model", "bundled", *maps])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["entry_id"] for line in lines] == ["row-1", "row-2"]
    assert all("score" in line for line in lines)
    assert "entries are named row-1..row-2" in result.output



def test_one_reader_takes_json_lines_arrays_csv_and_folders(tmp_path: Path) -> None:
    rows = [{"entry_id": "a", "hours": "7.5"}, {"entry_id": "b", "hours": "8"}]
    (tmp_path / "lines.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (tmp_path / "array.json").write_text(json.dumps(rows), encoding="utf-8")
    (tmp_path / "export.csv").write_text("entry_id;hours\nc;7,5\n", encoding="utf-8")
    # a JSON Lines file under another name is still JSON Lines
    (tmp_path / "other.txt").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")

    assert list(read_table(tmp_path / "lines.jsonl")["entry_id"]) == ["a", "b"]
    assert list(read_table(tmp_path / "array.json")["entry_id"]) == ["a", "b"]
    assert read_table(tmp_path / "export.csv").to_dict("records") == [{"entry_id": "c", "hours": "7,5"}]
    assert list(read_table(tmp_path / "other.txt")["entry_id"]) == ["a"]
    folder = read_table(tmp_path, allow_dir=True)  # .txt is not a table suffix: left out
    assert sorted(folder["entry_id"]) == ["a", "a", "b", "b", "c"]
    with pytest.raises(ValueError, match="folder"):
        read_table(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_table(_empty(tmp_path), allow_dir=True)


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_training_and_scoring_read_the_same_file_alike(tmp_path: Path) -> None:
    from service.scoring.cli import read_table as score_read
    from training.invoices.spec import read_table as invoices_read
    from training.timesheets.data import read_table as timesheets_read

    path = tmp_path / "array.json"
    path.write_text(json.dumps([{"entry_id": "a", "hours": "7.5"}]), encoding="utf-8")
    for reader in (score_read, invoices_read, timesheets_read):
        assert reader(path).to_dict("records") == [{"entry_id": "a", "hours": "7.5"}]
