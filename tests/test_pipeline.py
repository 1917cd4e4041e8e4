"""The run as a whole: a parallel run equals a single process whatever the parts, outputs
replaced as a whole (nothing stale, a failed run leaves the previous set), and the default
output folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config, pipeline
from analysis.cli import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, main

BENCHMARKS = config.DATA_DIR / "benchmarks"


def test_parallel_run_equals_one_process(monkeypatch):
    settings = config.Settings(corpus=BENCHMARKS / "severance" / "articles",
                               truth=BENCHMARKS / "severance" / "truth.yaml")
    single = pipeline.run(settings, workers=1)
    monkeypatch.setattr(pipeline, "DOCS_PER_PART", 3)  # several parts per worker
    parallel = pipeline.run(settings, workers=2)
    for name in ("documents", "claims", "verdicts", "scores_documents", "scores_outlets",
                 "predictions"):
        pd.testing.assert_frame_equal(getattr(parallel, name), getattr(single, name))
    assert parallel.warnings == single.warnings
    assert single.documents["doc_id"].nunique() > 3


def test_output_files_do_not_depend_on_how_the_corpus_is_cut(tmp_path, monkeypatch):
    def outputs(name: str, workers: int) -> dict[str, object]:
        settings = config.Settings(corpus=BENCHMARKS / "severance" / "articles",
                                   truth=BENCHMARKS / "severance" / "truth.yaml",
                                   out=tmp_path / name)
        pipeline.run_to_folder(settings, workers=workers, report=False)
        files = sorted(p for p in settings.out.rglob("*") if p.is_file())
        assert files
        return {str(p.relative_to(settings.out)):  # parquet row groups follow the parts
                pd.read_parquet(p) if p.suffix == ".parquet" else p.read_bytes()
                for p in files}

    whole = outputs("whole", workers=1)
    monkeypatch.setattr(pipeline, "DOCS_PER_PART", 3)
    cut = outputs("cut", workers=2)
    assert whole.keys() == cut.keys()
    for name, content in whole.items():
        if isinstance(content, pd.DataFrame):
            pd.testing.assert_frame_equal(cut[name], content)
        else:
            assert cut[name] == content, name


def run(corpus: Path, out: Path, *flags: str) -> int:
    return main(["run", str(corpus), "--out", str(out), "--no-report", "--quiet", *flags])


def test_outputs_are_replaced_as_a_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / pipeline.REPORT_HTML).write_text("stale report", encoding="utf-8")
    (out / "figures").mkdir()
    (out / "figures" / "old-chart.png").write_bytes(b"stale")
    assert run(config.SEEDS_DIR, out) == EXIT_OK
    assert not (out / pipeline.REPORT_HTML).exists()  # --no-report leaves no old report
    assert not (out / "figures" / "old-chart.png").exists()
    assert (out / "claims.parquet").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left


def test_a_failed_run_leaves_the_previous_outputs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run(config.SEEDS_DIR, out) == EXIT_OK
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "export_all", broken)
    assert run(config.SEEDS_DIR, out) == EXIT_INTERNAL  # one line, no traceback
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_out_folder_with_other_files_is_not_replaced(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"precious")
    assert run(config.SEEDS_DIR, out) == EXIT_USAGE
    assert "thesis.docx" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_default_out_keeps_other_corpora_out_of_reports():
    assert config.default_out(config.SEEDS_DIR) == config.REPORTS_DIR
    other = config.default_out(BENCHMARKS / "severance" / "articles")
    assert other == config.OUTPUT_ROOT / "severance-articles"
    assert config.REPORTS_DIR not in other.parents and other != config.REPORTS_DIR


def test_verbose_logs_each_stage_and_quiet_prints_nothing(tmp_path, capsys):
    assert run(config.SEEDS_DIR, tmp_path / "a") == EXIT_OK
    quiet = capsys.readouterr()
    assert quiet.out == "" and quiet.err == ""
    assert main(["run", str(config.SEEDS_DIR), "--out", str(tmp_path / "b"), "--no-report",
                 "--verbose"]) == EXIT_OK
    loud = capsys.readouterr()
    for stage in ("analyse", "figures", "curation"):
        assert f"{stage}: " in loud.err
    assert "5 files" in loud.out
