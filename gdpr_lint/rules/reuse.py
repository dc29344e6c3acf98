"""B050: further processing for a purpose other than the one the data were collected for
(Art. 6(4))."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gdpr_lint.lint.findings import Severity
from gdpr_lint.lint.lazyre import lazy_re
from gdpr_lint.lint.model import Activity
from gdpr_lint.rules.registry import Hit, rule

_AI = lazy_re(r"\b(train(ing)?|fine[- ]?tun(e|ing)|model|machine learning|ML|AI|LLM|"
              r"artificial intelligence|KI|IA|Modell\w*|mod[èe]le|modelo|modello)\b",
              re.IGNORECASE)
_FROM = "further_processing: {from: customer-support"
# Purposes that say in words that data collected for something else are reused: "reuse the
# support chats", "weiterverwenden", "réutiliser", or training a model on data collected
# elsewhere ("Chatverläufe aus dem Support ... zum Training ... verwenden").
_REUSE = lazy_re(r"\b(re-?us(e|es|ed|ing)|repurpos\w*|weiterverwend\w*|wiederverwend\w*|"
                 r"weiterverwert\w*|zweck[äa]nderung|r[ée]utilis\w*|r[ée]emploi\w*|"
                 r"reutiliz\w*|riutilizz\w*|riuso|hergebruik\w*|herbestemm\w*)\b", re.IGNORECASE)
_COLLECTED = lazy_re(r"\b(collected|gathered|obtained|erhoben\w*|gesammelt\w*|collect[ée]e?s?|"
                     r"recogid[oa]s?|recabad[oa]s?|raccolt[ieoa]|verzameld\w*)\b",
                     re.IGNORECASE)
_TRAINING = lazy_re(r"\b(train(ing)?|fine[- ]?tun(e|ing)|trainier\w*|training\w*|"
                    r"entra[îi]n\w*|entrenar|entrenamiento|addestr\w*|trainen)\b",
                    re.IGNORECASE)


@rule(id="B050", title="Further processing without a compatibility assessment",
      article="Art. 6(4); Art. 5(1)(b)", severity=Severity.ERROR, base="legitimate_interests",
      bad=f"{_FROM}}}",
      good=f"""{_FROM}, compatibility: 'Same customers and service; tickets
  pseudonymised before analysis; no decision about any customer; reasonable expectation
  stated in the notice'}}""")
def compatible_purpose(a: Activity) -> Iterator[Hit]:
    """Data collected for one purpose may be processed for another only when the new purpose
    is compatible with it (Art. 5(1)(b)), as the controller assesses under Art. 6(4): the link
    between the purposes, the context of collection, the nature of the data, the possible
    consequences and the safeguards; unless the data subject consents to the new purpose or
    Union or Member State law provides for it. Reusing data to train or fine-tune an AI model
    is such a further processing (EDPB Opinion 28/2024, paras 60-65 and 119): `further_processing`
    records where the data came from and either the `compatibility` assessment or the
    `basis_of_reuse` (`consent`, or `law` with the provision)."""
    reuse = a.get("further_processing")
    if not isinstance(reuse, dict):
        if reuse is None:
            yield from _reuse_in_words(a)
        return
    basis = reuse.get("basis_of_reuse")
    if basis == "law" and not a.text("further_processing", "law"):
        yield Hit(("further_processing", "basis_of_reuse"), "add further_processing.law: the "
                  "Union or Member State provision that allows the reuse (Art. 6(4), 23(1))")
    elif basis == "consent" and a.basis not in (None, "consent"):
        yield Hit(("further_processing", "basis_of_reuse"), f"the reuse rests on consent but "
                  f"the lawful basis is {a.basis}: declare lawful_basis: consent with its "
                  "records, or assess compatibility instead (Art. 6(4))")
    elif not basis and not a.text("further_processing", "compatibility"):
        ai = any(_AI.search(p) for p in a.items("purposes") if isinstance(p, str))
        yield Hit(("further_processing",), "add further_processing.compatibility (the Art. "
                  "6(4) assessment: link between purposes, context, nature of the data, "
                  "consequences, safeguards) or basis_of_reuse (consent, or law with law)"
                  + ("; for training an AI model see EDPB Opinion 28/2024" if ai else ""),
                  Severity.ERROR)


def _reuse_in_words(a: Activity) -> Iterator[Hit]:
    """A warning where only the words say the data are reused for a new purpose: the
    structured field is what the rule checks (a heuristic, SPEC §11: words fill in only what
    no field says)."""
    for index, purpose in enumerate(a.items("purposes")):
        if not isinstance(purpose, str):
            continue
        if _REUSE.search(purpose) or (_TRAINING.search(purpose) and _AI.search(purpose)
                                      and _COLLECTED.search(purpose)):
            yield Hit(("purposes", index), f"'{purpose}' reads as reusing data collected for "
                      "another purpose: declare further_processing (from, and compatibility or "
                      "basis_of_reuse) so the Art. 6(4) test is on record", Severity.WARNING)
            return
