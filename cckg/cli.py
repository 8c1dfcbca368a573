"""The `cckg` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from enum import Enum
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
Neo4jOpt = Annotated[Optional[str], typer.Option(
    "--neo4j", help="Use Neo4j at this URI (neo4j://host:7687, neo4j+s://… for Aura) instead of --store; "
                    "'env' takes NEO4J_URI. Credentials: NEO4J_USERNAME, NEO4J_PASSWORD; database: NEO4J_DATABASE.")]
DEFAULT_STORE = Path("cckg-data")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", soft_wrap=True, highlight=False)
    raise typer.Exit(1)


def _open_store(path: Path, read_only: bool, neo4j: Optional[str] = None, **neo4j_options):
    """The embedded store at `path`, or Neo4j when `neo4j` is given; one clear line if it cannot open."""
    from graph.store import StoreError, open_store

    try:
        if neo4j:
            return open_store("neo4j" if neo4j == "env" else neo4j, **neo4j_options)
        return open_store(path, read_only=read_only)
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


# Batch by batch, each batch into a store of 20,000 bench documents costs ~100 s; rebuilding that store
# with 2,000 new files took 205 s (benchmarks/RESULTS.md, "Adding to a large store").
REBUILD_AFTER_BATCHES = 2


@app.command()
def load(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads a list of paths from stdin.")],
    store: StoreOpt = DEFAULT_STORE,
    neo4j: Neo4jOpt = None,
    batch: Annotated[int, typer.Option(help="Files per write transaction (per staged part, when staged).")] = 200,
    neo4j_batch: Annotated[int, typer.Option(help="Rows per Neo4j write transaction.")] = 1000,
    workers: Annotated[Optional[int], typer.Option(
        min=1, help="Processes that read and extract in parallel (default: the number of cores).")] = None,
    report: Annotated[Optional[Path], typer.Option(help="Write the per-file load report as JSON here.")] = None,
    reextract: Annotated[bool, typer.Option(
        help="Read and extract again the files the store holds already (after an upgrade of cckg, say); "
             "they merge batch by batch, into what is stored.")] = False,
) -> None:
    """Read files, extract the graph and merge it into the store (or into Neo4j with --neo4j).

    Loading the same files again changes nothing; a load that was interrupted can simply be run again.
    Files whose bytes the embedded store holds already are reported as unchanged and not read again,
    so loading a folder again after adding files to it reads only the new ones (--reextract reads all).

    Into an empty store, batches are staged beside it and copied in at the end (killed, it stays empty).

    Into a store that holds documents, up to two batches of files merge one by one (slower as the store
    grows); more are staged and the store is rebuilt with them at the end (killed, it stays as it was).

    Example:  cckg load examples/corpus --store cckg-data --workers 2 --report load.json
    Example:  NEO4J_PASSWORD=secret cckg load examples/corpus --neo4j neo4j://localhost:7687
    """
    from graph.bulk import BulkLoad, StagedFile
    from graph.bundle import GraphBundle
    from graph.store import StoreError
    from loaders.parallel import process_files_parallel
    from loaders.pipeline import set_aside_stored

    files = _input_paths(paths)
    if not files:
        _fail("no readable files found in the given paths")
    db = _open_store(store, read_only=False, neo4j=neo4j, **({"batch_size": neo4j_batch} if neo4j else {}))
    target = str(getattr(db, "uri", store)) if neo4j else store
    empty = not neo4j and db.is_empty()
    # Not into Neo4j: a bundle is written there in several transactions, so a stored file may be
    # stored in part (a load killed between them), and only extracting it again completes it.
    adding = not neo4j and not empty and not reextract
    unchanged = []
    if adding:
        with err.status(f"checking which of {len(files):,} files the store holds already"):
            files, unchanged = set_aside_stored(files, db.stored_files())
    # Into an empty embedded store, or many files into one that holds documents, batches are staged and
    # copied in at the end with what it holds (graph.bulk); a few files merge faster batch by batch.
    rebuild = adding and len(files) > REBUILD_AFTER_BATCHES * batch
    bulk = BulkLoad(db, files_per_part=batch) if empty or rebuild else None
    if rebuild:
        err.print(f"{len(files):,} files to add: the store will be rebuilt with them at the end "
                  f"(more than {REBUILD_AFTER_BATCHES} batches of {batch} merge slower one by one)")

    def write(bundle: GraphBundle | StagedFile) -> None:
        try:
            if bulk:
                bulk.add(bundle)
            else:
                db.write(bundle)
        except (StoreError, OSError) as exc:
            db.close()
            _fail(f"{exc}; " + ("nothing was written to the store: run the same load again" if bulk else
                                "what was written before this batch is kept: run the same load again to finish"))
    results, pending, pending_files = list(unchanged), GraphBundle(), 0
    columns = (TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.fields[current]}"))
    with db, Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("load", total=len(files), current="")
        # Staged, each file's bundle is made ready for the stage by the worker that extracted it.
        for extracted, result in process_files_parallel(files, workers, prepare=StagedFile if bulk else None):
            results.append(result)
            if result.status == "skipped":
                progress.console.print(f"[yellow]skipped[/yellow] {result.path}: {result.reason}", soft_wrap=True)
            progress.update(task, advance=1, current=Path(result.path).name[-40:])
            if bulk:
                write(extracted)
                continue
            pending.update(extracted)
            pending_files += 1
            if pending_files >= batch:
                write(pending)
                pending, pending_files = GraphBundle(), 0
        if pending_files:
            write(pending)
        try:
            if bulk:
                bulk.finish(status=lambda what: progress.update(task, current=what))
            counts = db.counts()
        except (StoreError, OSError) as exc:
            db.close()
            _fail(str(exc))
    _print_load_summary(results, counts, target)
    if report:
        report.write_text(json.dumps({"store": str(target), "files": [r.as_dict() for r in results], "counts": counts},
                                     ensure_ascii=False, indent=2), encoding="utf-8")


def _print_load_summary(results, counts: dict[str, int], store) -> None:
    loaded = [r for r in results if r.status == "loaded"]
    skipped = [r for r in results if r.status == "skipped"]
    unchanged = [r for r in results if r.status == "unchanged"]
    table = Table(title=f"Loaded into {store}", show_lines=False)
    table.add_column("files loaded", justify="right")
    table.add_column("skipped", justify="right")
    table.add_column("unchanged", justify="right")
    table.add_column("documents", justify="right")
    table.add_column("nodes in store", justify="right")
    table.add_column("relationships in store", justify="right")
    from graph.model import NODES

    nodes = sum(v for k, v in counts.items() if k in NODES)
    table.add_row(str(len(loaded)), str(len(skipped)), str(len(unchanged)), str(sum(r.documents for r in loaded)),
                  str(nodes), str(sum(counts.values()) - nodes))
    console.print(table)
    for r in skipped:
        console.print(f"[yellow]skipped[/yellow] {r.path}: {r.reason}", soft_wrap=True)


@app.command()
def query(
    cypher: Annotated[Optional[str], typer.Argument(
        help="A catalogue query's name (see --list) or your own Cypher (read-only).")] = None,
    param: Annotated[Optional[list[str]], typer.Option(
        "--param", "-p", help="A parameter as key=value (repeatable).")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the catalogue queries with their comments.")] = False,
    store: StoreOpt = DEFAULT_STORE,
    neo4j: Neo4jOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON instead of a table.")] = False,
    limit: Annotated[int, typer.Option(help="Return at most this many rows.")] = 1000,
    timeout: Annotated[float, typer.Option(help="Stop a query after this many seconds.")] = 30.0,
) -> None:
    """Run a catalogue query by name, or your own Cypher, read-only, on the store or on Neo4j.

    Your own Cypher is Neo4j's dialect on both stores; anything that would write is refused.

    Example:  cckg query city_tactics --param city=焦作市
    Example:  cckg query "MATCH (c:City)<-[:MENTIONS]-(d:Document) RETURN c.name, count(d) AS docs ORDER BY docs DESC"
    """
    import cypher as catalogue
    from graph.readonly import ReadOnlyViolation
    from graph.store import StoreError, run_catalogue

    if list_queries:
        _print_catalogue(catalogue.queries())
        return
    if not cypher:
        _fail("give a catalogue query's name or a Cypher statement (`cckg query --list` shows the catalogue)")
    params = _parse_params(param or [])
    db = _open_store(store, read_only=True, neo4j=neo4j)
    with db:
        try:
            if cypher in catalogue.queries():
                result = run_catalogue(db, cypher, params, row_limit=limit)
            else:
                result = db.run_read_only(cypher, params, row_limit=limit, timeout=timeout)
        except (catalogue.CatalogueError, ReadOnlyViolation, StoreError) as exc:
            _fail(str(exc))
        except RuntimeError as exc:
            _fail(f"query failed: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc}")
    columns, rows = result.columns, result.rows
    if as_json:
        print(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=str, indent=2))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    console.print(table)
    more = f" (stopped at the limit of {limit}; use --limit)" if result.truncated else ""
    console.print(f"{len(rows)} rows{more}")


def _parse_params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            _fail(f"--param wants key=value, not {item!r}")
        params[key.strip()] = value
    return params


def _print_catalogue(queries) -> None:
    for q in queries.values():
        console.print(f"[bold]{q.name}[/bold]", highlight=False)
        console.print(f"  {q.purpose}", highlight=False, soft_wrap=True)
        for p in q.params:
            console.print(f"  --param {p.name}=…  ({p.type}, default {json.dumps(p.default, ensure_ascii=False)}) "
                          f"{p.doc}", highlight=False, soft_wrap=True)
        console.print(f"  e.g. {q.example}", highlight=False, soft_wrap=True)


def _cell(value: object) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE, neo4j: Neo4jOpt = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False) -> None:
    """Count nodes per label and relationships per type.

    Example:  cckg stats --store cckg-data
    """
    from graph.model import NODES

    from graph.store import StoreError

    db = _open_store(store, read_only=True, neo4j=neo4j)
    with db:
        try:
            counts = db.counts()
        except StoreError as exc:
            _fail(str(exc))
    if as_json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    table = Table("kind", "name", "count")
    for name, count in counts.items():
        table.add_row("node" if name in NODES else "relationship", name, str(count))
    console.print(table)


class ExportFormat(str, Enum):
    gexf = "gexf"
    graphml = "graphml"
    json = "json"
    csv = "csv"


class Projection(str, Enum):
    none = "none"
    city_city = "city-city"
    city_city_jaccard = "city-city-jaccard"
    tactic_tactic = "tactic-tactic"
    official_city = "official-city"


class Layout(str, Enum):
    none = "none"
    spring = "spring"
    geo = "geo"


def _values(options: Optional[list[str]]) -> frozenset[str]:
    """Repeated options, each possibly comma-separated (--label City,Tactic --label Official)."""
    return frozenset(v.strip() for option in options or () for v in option.replace("，", ",").split(",") if v.strip())


@app.command()
def tactics(
    candidates: Annotated[bool, typer.Option("--candidates", help="List candidate tactics (found by the genre's "
                                             "patterns, not in the taxonomy) with their documents and an example.")] = False,
    store: StoreOpt = DEFAULT_STORE,
    limit: Annotated[int, typer.Option(help="Show at most this many tactics, the most cited first.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON.")] = False,
    as_yaml: Annotated[bool, typer.Option("--yaml", help="With --candidates: print entries to paste into "
                                          "loaders/data/tactics.yaml (fill in category and description).")] = False,
) -> None:
    """List the tactics in the store: curated ones with counts, or candidates to curate.

    Example:  cckg tactics --candidates --store cckg-data --limit 50
    """
    if as_yaml and not candidates:
        _fail("--yaml lists candidates: add --candidates")
    from graph.tactic_queries import tactic_rows

    if not store.exists():
        _fail(f"no store at {store}: run `cckg load FILES --store {store}` first")
    db = _open_store(store, read_only=True)
    with db:
        try:
            rows = tactic_rows(db, candidates=candidates, limit=limit)
        except RuntimeError as exc:
            _fail(f"query failed: {exc}")
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if as_yaml:
        import yaml

        stubs = [{"name": r["tactic"], "category": "TODO", "description": f"TODO (seen in {r['documents']} "
                  f"documents, e.g. {r['example'][:60]})", "variants": []} for r in rows]
        print(yaml.safe_dump(stubs, allow_unicode=True, sort_keys=False, width=200))
        return
    if candidates:
        table = Table("candidate tactic", "documents", "titles", "example sentence", title="Candidate tactics")
        for r in rows:
            table.add_row(r["tactic"], str(r["documents"]), "; ".join(r["titles"][:3]), r["example"][:80])
    else:
        table = Table("tactic", "category", "documents", "citations", title="Curated tactics")
        for r in rows:
            table.add_row(r["tactic"], r["category"] or "", str(r["documents"]), str(r["citations"]))
    console.print(table)
    console.print(f"{len(rows)} tactics")


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or directories (recursive); '-' reads a list of paths from stdin.")],
    json_dir: Annotated[Path, typer.Option("--json", help="Directory to write one gold-shaped JSON file per input file.")],
) -> None:
    """Extract every input file into gold-shaped JSON (one file per input, named after it).

    The output has the fields and conventions of the hand annotations, so any annotated set can be
    scored with `cckg eval --pred`.

    Example:  cckg extract ../shared/corpus/seeds --json out/
    """
    from loaders.extract.gold import extract_file
    from loaders.read import UnreadableFile

    files = _input_paths(paths)
    if not files:
        _fail("no readable files found in the given paths")
    try:
        json_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create {json_dir}: {exc.strerror or exc}")
    written, skipped, used = 0, 0, set()
    columns = (TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("extract", total=len(files))
        for path in files:
            try:
                data = extract_file(path)
            except UnreadableFile as exc:
                progress.console.print(f"[yellow]skipped[/yellow] {path}: {exc.reason}", soft_wrap=True)
                skipped += 1
            except Exception as exc:  # one bad file never stops the batch
                progress.console.print(f"[yellow]skipped[/yellow] {path}: failed: {type(exc).__name__}: {exc}",
                                       soft_wrap=True)
                skipped += 1
            else:
                name = Path(path).stem + ".json"
                if name in used:  # two inputs with one stem (a.txt, a.html): keep both
                    name = Path(path).name + ".json"
                used.add(name)
                (json_dir / name).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                written += 1
            progress.update(task, advance=1)
    console.print(f"wrote {written} JSON files to {json_dir}" + (f", skipped {skipped}" if skipped else ""))


@app.command(name="eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold JSON files (the ../shared/gold schema).")],
    docs: Annotated[Optional[Path], typer.Option("--docs", help="Directory holding the annotated documents (by the gold files' `doc` names).")] = None,
    pred: Annotated[Optional[Path], typer.Option("--pred", help="Score JSON written by `cckg extract --json` instead of extracting.")] = None,
    fields: Annotated[Optional[str], typer.Option(help="Comma-separated fields to score (default: all).")] = None,
    skip_duplicates: Annotated[bool, typer.Option("--skip-duplicates", help="Ignore gold parts marked duplicate_of.")] = False,
    gold_split: Annotated[bool, typer.Option("--gold-split", help="Split files at the gold parts' char_spans (scores extraction apart from splitting).")] = False,
    errors: Annotated[int, typer.Option(help="List at most this many misses and false hits per field (0: none).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score extraction against annotated documents: precision, recall and F1 per field, with the misses and false hits.

    Example:  cckg eval --gold ../shared/gold --docs ../shared/corpus/seeds
    """
    from rich.markup import escape

    from loaders.evaluate import ALL_FIELDS, evaluate, load_gold, predict_from_docs, predict_from_json

    if (docs is None) == (pred is None):
        _fail("give exactly one of --docs DIR (extract the documents) or --pred DIR (score extracted JSON)")
    for label, directory in (("--gold", gold), ("--docs", docs), ("--pred", pred)):
        if directory is not None and not directory.is_dir():
            _fail(f"{label}: no such directory: {directory}")
    chosen = tuple(f.strip() for f in fields.split(",")) if fields else ALL_FIELDS
    unknown = [f for f in chosen if f not in ALL_FIELDS]
    if unknown:
        _fail(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(ALL_FIELDS)}")
    try:
        golds = load_gold(gold)
    except ValueError as exc:
        _fail(str(exc))
    if not golds:
        _fail(f"no gold JSON files in {gold}")
    predict = predict_from_docs(docs, golds if gold_split else None) if docs is not None else predict_from_json(pred)
    columns = (TextColumn("[bold]scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        task = progress.add_task("eval", total=len(golds))
        report = evaluate(golds, predict, chosen, skip_duplicates, progress=lambda _: progress.update(task, advance=1))
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table("field", "precision", "recall", "F1", "gold", "predicted", title=f"cckg eval: {report.files} files")
    for name, s in report.fields.items():
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.gold), str(s.predicted))
    console.print(table)
    for failure in report.failed:
        console.print(f"[red]failed[/red] {escape(failure)}", soft_wrap=True)
    if report.unmatched:
        console.print(f"[yellow]no prediction for[/yellow] {escape(', '.join(report.unmatched))}", soft_wrap=True)
    if errors:
        for name in chosen:
            for kind, heading in (("miss", "misses"), ("false", "false hits")):
                items = [e for e in report.errors if e.field == name and e.kind == kind]
                if not items:
                    continue
                console.print(f"[bold]{name}[/bold] {heading} ({len(items)}):", highlight=False)
                for e in items[:errors]:
                    console.print(escape(f"  {e.doc} [{e.parts}] {e.item}"), highlight=False, soft_wrap=True)
                if len(items) > errors:
                    console.print(f"  … {len(items) - errors} more", highlight=False)


@app.command()
def export(
    out: Annotated[Optional[Path], typer.Argument(help="File to write (for csv: a directory that gets nodes.csv and edges.csv).")] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format for OUT.")] = ExportFormat.gexf,
    store: StoreOpt = DEFAULT_STORE,
    neo4j: Neo4jOpt = None,
    neo4j_admin: Annotated[Optional[Path], typer.Option(
        "--neo4j-admin", help="Instead of OUT: write CSV files for `neo4j-admin database import full` into this directory.")] = None,
    database: Annotated[str, typer.Option(help="Database name in the printed neo4j-admin command.")] = "neo4j",
    label: Annotated[Optional[list[str]], typer.Option(help="Keep only nodes with these labels (repeat or comma-separate).")] = None,
    province: Annotated[Optional[list[str]], typer.Option(help="Only documents about cities in these provinces.")] = None,
    city: Annotated[Optional[list[str]], typer.Option(help="Only documents about these cities (name, short name or adcode; districts included).")] = None,
    campaign: Annotated[Optional[list[str]], typer.Option(help="Only documents concerning these campaigns (name or alias, e.g. 创文).")] = None,
    category: Annotated[Optional[list[str]], typer.Option(help="Only tactics of these categories.")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="Only documents dated on or after this day (YYYY-MM-DD, YYYY-MM, YYYY).")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Only documents dated on or before this day.")] = None,
    min_evidence: Annotated[int, typer.Option(help="Only relationships supported by at least this many sentences.")] = 0,
    projection: Annotated[Projection, typer.Option(help="Write a projection instead of the whole graph.")] = Projection.none,
    layout: Annotated[Layout, typer.Option(help="Precompute node positions (for viewers that do not lay out).")] = Layout.none,
    dynamic: Annotated[bool, typer.Option("--dynamic/--static", help="Give nodes and edges start dates (Gephi's timeline).")] = False,
) -> None:
    """Export the graph for Gephi (GEXF 1.3), GraphML tools, pandas/R (JSON, CSV), or Neo4j's bulk import.

    Example:  cckg export cities.gexf --projection city-city --province 河南 --dynamic --store cckg-data

    Example:  cckg export --neo4j-admin import/ --store cckg-data
    """
    from graph.export import export_graph, read_for_export
    from graph.filters import Filters
    from graph.store import StoreError

    if neo4j_admin is None and out is None:
        _fail("choose what to write: OUT (with --format), or --neo4j-admin DIR")
    try:
        filters = Filters(labels=_values(label), provinces=_values(province), cities=_values(city),
                          campaigns=_values(campaign), categories=_values(category),
                          date_from=date_from, date_to=date_to, min_evidence=min_evidence)
    except ValueError as exc:
        _fail(str(exc))
    db = _open_store(store, read_only=True, neo4j=neo4j)
    with db:
        try:
            # neo4j-admin's files hold the whole graph; a file to draw, only what it shows.
            bundle = db.read_bundle() if neo4j_admin is not None else read_for_export(db, filters, projection.value)
        except StoreError as exc:
            _fail(str(exc))
    if neo4j_admin is not None:
        _export_neo4j_admin(bundle, neo4j_admin, database)
    if out is None:
        return
    columns = (TextColumn(f"[bold]writing {fmt.value}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("export", total=None)
        try:
            result = export_graph(bundle, fmt.value, out, filters, projection.value, layout.value, dynamic,
                                  progress=lambda done, total: progress.update(task, completed=done, total=total))
        except (ValueError, OSError) as exc:
            _fail(f"export failed: {exc}")
    span = " to ".join(d for d in result.time_span if d) if dynamic else ""
    console.print(f"wrote {result.nodes} nodes and {result.edges} edges to {', '.join(map(str, result.paths))}"
                  + (f" (dates {span})" if span else ""), soft_wrap=True, highlight=False)


def _export_neo4j_admin(bundle, directory: Path, database: str) -> None:
    from graph.neo4j_admin import ExportError, export_neo4j_admin

    try:
        result = export_neo4j_admin(bundle, directory, database=database)
    except (ExportError, OSError) as exc:
        _fail(f"cannot write {directory}: {exc}")
    files = len(result.node_files) + len(result.relationship_files)
    err.print(f"wrote {files} CSV files and constraints.cypher to {result.directory}")
    err.print("import them (Neo4j stopped; this replaces the database), then start Neo4j and create the constraints:")
    print(result.command)
    print(result.after_command)


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
            neo4j: Neo4jOpt = None,
            port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
            headless: Annotated[bool, typer.Option(help="Do not open a browser.")] = True) -> None:
    """Start the dashboard on a store (or on Neo4j with --neo4j); the sidebar can switch stores later.

    Example:  cckg app --store cckg-data --port 8501
    """
    if neo4j:
        target = os.environ.get("NEO4J_URI", "") if neo4j == "env" else neo4j
        if not target:
            _fail("--neo4j env needs NEO4J_URI to be set")
    elif not store.exists():
        _fail(f"no store at {store}: run `cckg load FILES --store {store}` first")
    else:
        target = str(store.resolve())
    app_py = Path(__file__).resolve().parent.parent / "app.py"
    env = os.environ | {"CCKG_STORE": target}
    console.print(f"cckg dashboard on [bold]http://localhost:{port}[/bold]  (store: {target})")
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_py), "--server.port", str(port),
           "--server.headless", str(headless).lower(), "--browser.gatherUsageStats", "false",
           # A set address keeps Streamlit from looking up this machine's public IP to print it.
           "--browser.serverAddress", "localhost"]
    if os.name == "posix":
        # Become the server: a signal sent to `cckg app` (Ctrl-C, a supervisor's or a test's terminate)
        # then reaches Streamlit itself instead of leaving an orphaned server behind.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, cmd, env)
    raise typer.Exit(subprocess.call(cmd, env=env))


if __name__ == "__main__":
    app()
