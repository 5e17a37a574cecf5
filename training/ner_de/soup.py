"""Average the weights of several pipelines fine-tuned from the same stage-1 model
("model soup"). All inputs must share the architecture and the init.

    python soup.py OUT MODEL1 MODEL2 [MODEL3 ...]
"""
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import components  # noqa: F401

out, paths = sys.argv[1], sys.argv[2:]
nlps = [spacy.load(p) for p in paths]
base = nlps[0]
for name in ("tok2vec", "ner"):
    models = [n.get_pipe(name).model for n in nlps]
    walks = [list(m.walk()) for m in models]
    for nodes in zip(*walks, strict=True):
        n0 = nodes[0]
        for pname in n0.param_names:
            if not all(n.has_param(pname) for n in nodes):
                continue
            arrs = [n.get_param(pname) for n in nodes]
            n0.set_param(pname, sum(arrs) / len(arrs))
base.to_disk(out)
print("soup of", paths, "->", out)
