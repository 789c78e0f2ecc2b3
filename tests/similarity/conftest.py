import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
PAN = ROOT.parent / "shared" / "data" / "pan13-verbatim-dev"

WORDS = (
    "river stone cloud apple lantern violin orbit meadow copper glacier harbor falcon pepper "
    "marble thunder willow canyon ember quartz saddle tunnel velvet walnut yonder zephyr anchor "
    "blossom candle dragon engine feather garden hollow island jungle kettle lemon mirror needle "
    "ocean pillow quiver rocket silver timber umbrella valley wagon yellow basket crystal dolphin "
    "eagle forest goblet hammer igloo jacket koala ladder magnet noodle oyster parrot quilt "
    "ribbon sandal tiger unicorn vessel whistle xylophone yacht zebra acorn bridge castle desert"
).split()


def make_text(seed: int, n_words: int) -> str:
    """Deterministic pseudo-random English-like text (sentences of 8-20 words)."""
    import random

    rnd = random.Random(seed)
    out, sent = [], []
    for _ in range(n_words):
        sent.append(rnd.choice(WORDS))
        if len(sent) >= rnd.randint(8, 20):
            s = " ".join(sent)
            out.append(s[0].upper() + s[1:] + ".")
            sent = []
    if sent:
        out.append(" ".join(sent) + ".")
    return " ".join(out)


@pytest.fixture
def texts():
    return {f"doc{i:02d}": make_text(i, 600) for i in range(12)}


def redis_url():
    return os.environ.get("INTEGRITY_CHECK_REDIS_URL")
