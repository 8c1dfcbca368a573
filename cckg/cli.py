"""The `cckg` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

app = typer.Typer(
    help="Build a knowledge graph of civilized-city campaigns from speeches and news reports.\n\n"
         "Example:  cckg load examples/corpus && cckg stats && cckg app",
    no_args_is_help=True, rich_markup_mode="rich", pretty_exceptions_show_locals=False,
)
console = Console()
err = Console(stderr=True)

StoreOpt = Annotated[Path, typer.Option("--store", "-s", envvar="CCKG_STORE",
                                        help="Embedded store directory (created if absent).")]
DEFAULT_STORE = Path("cckg-data")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(1)


def _open_store(path: Path, read_only: bool):
    from graph.embedded import EmbeddedStore, StoreError

    try:
        return EmbeddedStore(path, read_only=read_only)
    except StoreError as exc:
        _fail(str(exc))


def _input_paths(paths: list[str]) -> list[Path]:
    from loaders.read import iter_paths

    items: list[str] = []
    for p in paths:
        if p == "-":
            items += [line.strip() for line in sys.stdin if line.strip()]
        else:
            items.append(p)
    missing = [p for p in items if not os.path.lexists(p)]
    if missing:
        _fail(f"no such file or directory: {', '.join(missing)}")
    return list(iter_paths(items))


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads a list of paths from stdin.")],
    store: StoreOpt = DEFAULT_STORE,
    batch: Annotated[int, typer.Option(help="Files per write transaction.")] = 200,
    report: Annotated[Optional[Path], typer.Option(help="Write the per-file load report as JSON here.")] = None,
) -> None:
    """Read files, extract the graph and merge it into the store.

    Loading the same files again changes nothing; a load that was interrupted can simply be run again.

    Example:  cckg load examples/corpus --store cckg-data --report load.json
    """
    from graph.bundle import GraphBundle
    from loaders.pipeline import process_files

    files = _input_paths(paths)
    if not files:
        _fail("no readable files found in the given paths")
    db = _open_store(store, read_only=False)
    results, pending, pending_files = [], GraphBundle(), 0
    columns = (TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.fields[current]}"))
    with db, Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("load", total=len(files), current="")
        for bundle, result in process_files(files):
            results.append(result)
            pending.update(bundle)
            pending_files += 1
            if result.status == "skipped":
                progress.console.print(f"[yellow]skipped[/yellow] {result.path}: {result.reason}", soft_wrap=True)
            progress.update(task, advance=1, current=Path(result.path).name[-40:])
            if pending_files >= batch:
                db.write(pending)
                pending, pending_files = GraphBundle(), 0
        if pending_files:
            db.write(pending)
        counts = db.counts()
    _print_load_summary(results, counts, store)
    if report:
        report.write_text(json.dumps({"store": str(store), "files": [r.as_dict() for r in results], "counts": counts},
                                     ensure_ascii=False, indent=2), encoding="utf-8")


def _print_load_summary(results, counts: dict[str, int], store: Path) -> None:
    loaded = [r for r in results if r.status == "loaded"]
    skipped = [r for r in results if r.status == "skipped"]
    table = Table(title=f"Loaded into {store}", show_lines=False)
    table.add_column("files loaded", justify="right")
    table.add_column("skipped", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("nodes in store", justify="right")
    table.add_column("relationships in store", justify="right")
    from graph.model import NODES

    nodes = sum(v for k, v in counts.items() if k in NODES)
    table.add_row(str(len(loaded)), str(len(skipped)), str(sum(r.documents for r in loaded)),
                  str(nodes), str(sum(counts.values()) - nodes))
    console.print(table)
    for r in skipped:
        console.print(f"[yellow]skipped[/yellow] {r.path}: {r.reason}", soft_wrap=True)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A Cypher statement (read-only).")],
    store: StoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many rows.")] = 1000,
) -> None:
    """Run a Cypher query on the store, read-only.

    Example:  cckg query "MATCH (c:City)<-[:MENTIONS]-(d:Document) RETURN c.name, count(d) AS docs ORDER BY docs DESC"
    """
    db = _open_store(store, read_only=True)
    with db:
        try:
            columns, rows = db.query(cypher)
        except RuntimeError as exc:
            _fail(f"query failed: {exc}")
    rows = rows[:limit]
    if as_json:
        print(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=str, indent=2))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    console.print(f"{len(rows)} rows")


def _cell(value: object) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE,
          as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False) -> None:
    """Count nodes per label and relationships per type.

    Example:  cckg stats --store cckg-data
    """
    from graph.model import NODES

    db = _open_store(store, read_only=True)
    with db:
        counts = db.counts()
    if as_json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    table = Table("kind", "name", "count")
    for name, count in counts.items():
        table.add_row("node" if name in NODES else "relationship", name, str(count))
    console.print(table)


@app.command()
def inspect(
    file: Annotated[Path, typer.Argument(help="One file (.txt/.md in any encoding, .html, .docx, .pdf).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as JSON.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="List every pinyin gloss instead of a count per part.")] = False,
) -> None:
    """Show how a file is read, cleaned and split: encoding, script, every removal and why, the parts and their metadata.

    Example:  cckg inspect speeches/compilation.txt
    """
    from loaders.inspection import inspect_file
    from loaders.read import UnreadableFile

    if not os.path.lexists(file):
        _fail(f"no such file: {file}")
    try:
        report = inspect_file(file)
    except UnreadableFile as exc:
        _fail(f"cannot load {file}: {exc.reason}")
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_inspection(report, show_all)


def _print_inspection(report: dict, show_all: bool) -> None:
    src = report["source"]
    console.print(f"[bold]{src['path']}[/bold]  {src['format']}, encoding [bold]{src['encoding']}[/bold], "
                  f"script [bold]{report['script']}[/bold], {src['bytes']} bytes, {src['chars']} characters",
                  soft_wrap=True, highlight=False)
    if src["extracted"]:
        console.print(f"[dim]{src['extracted']}[/dim]", soft_wrap=True, highlight=False)
    for warning in src["warnings"]:
        console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    parts = Table("part", "span", "found by", "heading", "duplicate of", "chars", title="Parts")
    for p in report["parts"]:
        parts.add_row(p["part"], f"{p['start']}–{p['end']}", p["boundary"], p["heading"] or "",
                      p["duplicate_of"] or "", str(p["end"] - p["start"]))
    console.print(parts)
    console.print("[bold]Metadata per part[/bold]")
    for p in report["parts"]:
        m = p["meta"]
        date_iso = m["date_iso"] or ("year masked" if m["year_masked"] else "")
        fields = [("title", m["title"]), ("kind", m["kind"]),
                  ("date", f"{m['date_text']}  {date_iso}".strip() if m["date_text"] else None),
                  ("primary city", f"{m['primary_city']}  (from {m['primary_city_source']})" if m["primary_city"] else None),
                  ("speaker", m["speaker"]), ("meeting", m["meeting_name"]), ("meeting type", m["meeting_type"])]
        shown = "  ".join(f"[dim]{k}[/dim] {v}" for k, v in fields if v)
        console.print(f"  [bold]{p['part']}[/bold]  {shown or '[dim]nothing found[/dim]'}", soft_wrap=True, highlight=False)
    removals = Table("part", "span", "reason", "removed text", title="Removals")
    for row in _removal_rows(report["removals"], show_all):
        removals.add_row(*row)
    console.print(removals)
    counts = ", ".join(f"{reason}: {n}" for reason, n in report["removal_counts"].items()) or "none"
    console.print(f"removed: {counts}", highlight=False)


def _removal_rows(removals: list[dict], show_all: bool) -> list[tuple[str, str, str, str]]:
    rows, glosses = [], {}
    for r in removals:
        if r["reason"] == "pinyin gloss" and not show_all:
            glosses.setdefault(r["part"], []).append(r["text"])
            continue
        text = r["text"].replace("\n", "⏎")
        shown = text if len(text) <= 60 else f"{text[:50]}… ({len(text)} chars)"
        rows.append((r["part"], f"{r['start']}–{r['end']}", r["reason"], shown))
    for part, texts in glosses.items():
        rows.append((part, "", f"pinyin gloss ×{len(texts)}", " ".join(texts[:8]) + (" …" if len(texts) > 8 else "")))
    return rows


@app.command(name="app")
def run_app(store: StoreOpt = DEFAULT_STORE,
            port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
            headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = True) -> None:
    """Start the dashboard on a store.

    Example:  cckg app --store cckg-data --port 8501
    """
    if not store.exists():
        _fail(f"no store at {store}: run `cckg load FILES --store {store}` first")
    app_py = Path(__file__).resolve().parent.parent / "app.py"
    env = os.environ | {"CCKG_STORE": str(store.resolve())}
    console.print(f"cckg dashboard on [bold]http://localhost:{port}[/bold]  (store: {store})")
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_py), "--server.port", str(port),
           "--server.headless", str(headless).lower(), "--browser.gatherUsageStats", "false"]
    raise typer.Exit(subprocess.call(cmd, env=env))


if __name__ == "__main__":
    app()
