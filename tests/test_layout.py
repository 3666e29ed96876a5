"""The package reads as the pipeline: each stage imports only what comes before it
(shared foundations -> ingest -> index -> answer and evaluation -> library -> the CLI and the web
app, the two shells); and no module of the package or the web app runs past 300 lines, no
function past 50."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ssc_search"
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50
ORDER = {"foundation": 0, "ingest": 1, "index": 2, "answer": 3, "evaluation": 3, "library": 4, "shell": 5}
SHELL = {"cli", "cli_parser", "__main__", "__init__"}


def stage(parts: list[str]) -> str:
    """The stage of a module given by its path under the package ("index", "search")."""
    if len(parts) > 1 and parts[0] in ORDER:
        return parts[0]
    return "shell" if parts[-1] in SHELL else "foundation"


def imports(path: Path, here: list[str] | None = None) -> list[list[str]]:
    """The package modules `path` imports (relative imports resolved from `here`, its place under the
    package), as paths under the package."""
    here = here or list(path.relative_to(PACKAGE).with_suffix("").parts)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "ssc_search"):
            base = here[: len(here) - node.level] if node.level else []
            module = (node.module or "").split(".")
            target = base + ([m for m in module if m] if node.level else module[1:])
            names = [a.name for a in node.names]
            subs = [target + [n] for n in names if (PACKAGE.joinpath(*target, n + ".py")).exists()
                    or (PACKAGE.joinpath(*target, n) / "__init__.py").exists()]
            out += subs or [target]
        elif isinstance(node, ast.Import):
            out += [a.name.split(".")[1:] for a in node.names if a.name.startswith("ssc_search.")]
    return [t for t in out if t]


def test_every_import_goes_to_an_earlier_stage_or_the_same_one():
    backwards = []
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        mine = stage(parts)
        for target in imports(path):
            theirs = stage(target)
            if ORDER[theirs] > ORDER[mine] or (theirs != mine and {mine, theirs} == {"answer", "evaluation"}
                                               and mine == "answer"):
                backwards.append(f"{'/'.join(parts)} ({mine}) imports {'.'.join(target)} ({theirs})")
    assert backwards == []


def test_the_stage_of_a_module_and_what_it_imports(tmp_path):
    assert stage(["ingest", "pdf"]) == "ingest" and stage(["model"]) == "foundation" and stage(["cli"]) == "shell"
    assert ["index", "store"] in imports(PACKAGE / "index" / "build.py")  # relative imports are read
    module = PACKAGE / "model.py"
    text = module.read_text(encoding="utf-8")
    for line, expected in [("import ssc_search.library.service", ["library", "service"]),
                           ("from ssc_search import cli", ["cli"]),
                           ("from ssc_search.index.search import Searcher", ["index", "search"])]:
        copy = tmp_path / "model.py"
        copy.write_text(text + "\n" + line + "\n", encoding="utf-8")
        assert expected in imports(copy, ["model"]), line


def oversized(path: Path, root: Path = ROOT) -> list[str]:
    """What in `path` is too long, named from `root`: the module itself past MAX_MODULE_LINES lines,
    each function or method past MAX_FUNCTION_LINES."""
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(root).as_posix()
    lines = len(text.splitlines())
    out = [f"{name}: {lines} lines"] if lines > MAX_MODULE_LINES else []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                out.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return out


def test_no_module_over_300_lines_and_no_function_over_50():
    offenders = [entry for folder in (PACKAGE, ROOT / "webapp") for path in sorted(folder.rglob("*.py"))
                 for entry in oversized(path)]
    assert offenders == [], "too long:\n" + "\n".join(offenders)


def test_what_is_too_long_is_named(tmp_path):
    body = "".join(f"    x = {n}\n" for n in range(MAX_FUNCTION_LINES))
    probe = tmp_path / "probe.py"
    probe.write_text("def fits():\n" + body[body.index("\n") + 1:], encoding="utf-8")
    assert oversized(probe, tmp_path) == []
    probe.write_text("class A:\n    async def long(self):\n" + body.replace("    ", "        ")
                     + "\n" * MAX_MODULE_LINES, encoding="utf-8")
    assert oversized(probe, tmp_path) == ["probe.py: 352 lines", "probe.py:2 long: 51 lines"]


def test_a_cache_key_covers_the_code_its_value_comes_from():
    """A document read, or analysed, before is taken from the cache only while the code that made it is
    the same: every module of the pipeline that this code imports is in its fingerprint."""
    from ssc_search.index.analysis import TEXT_CODE
    from ssc_search.ingest.corpus import READING_CODE

    def closure(modules):
        seen, todo = set(), list(modules)
        while todo:
            module = todo.pop()
            path = PACKAGE.joinpath(*module.split(".")).with_suffix(".py")
            if module not in seen and path.exists():
                seen.add(module)
                todo += [".".join(t) for t in imports(path)]
        return seen

    plumbing = {"errors", "i18n", "files", "config", "ingest.cache"}  # where and how, not what is made
    assert closure(READING_CODE) - plumbing <= set(READING_CODE) | set(TEXT_CODE)
    assert closure(TEXT_CODE) - plumbing <= set(TEXT_CODE)
