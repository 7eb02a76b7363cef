"""What the read benches share: their command line (backends, sizes, repeats, a quick mode) and
the bar a read path must meet, each figure a median of its repeats."""
import argparse

BAR_MS = 200


def size_parser(quick_help):
    """The benches' arguments: --backends, --sizes (events in the ward), --repeat, --quick."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    return parser


def verdict(backend, figures):
    """Whether every query of `figures` ([(size, query, median ms)]) answers under BAR_MS at the
    largest size and within twice its figure at the smallest: one line, the misses named."""
    smallest, largest = min(f[0] for f in figures), max(f[0] for f in figures)
    base = {name: ms for size, name, ms in figures if size == smallest}
    missed = [f"{name} {ms:.1f} ms (×{ms / max(base[name], 0.1):.1f})"
              for size, name, ms in figures
              if size == largest and (ms >= BAR_MS or (largest > smallest and ms > 2 * base[name]))]
    word = "MISSED" if missed else "met   "
    return (f"{word} {backend}: every query < {BAR_MS} ms at {largest:,} and ≤ 2× its "
            f"{smallest:,} figure" + (f" ({', '.join(missed)})" if missed else ""))
