"""Text for collusion tests: each student's own words, shared paragraphs and a course template."""
from __future__ import annotations

import random

_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "gi", "fu", "ba", "ce", "ho",
              "ju", "ly", "mo", "ni", "qua", "ri", "se", "to", "wy", "xe", "yo", "zu", "bre", "cla"]


def own_text(seed: int, words: int = 260) -> str:
    """Text no other seed shares a 4-word run with: made-up words in sentences."""
    rng = random.Random(seed)
    out, sentence = [], []
    for _ in range(words):
        sentence.append("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
        if len(sentence) >= rng.randint(9, 16):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


TEMPLATE = [
    "This document is the template for the course report. Keep the section headings below and replace the "
    "instructions under each heading with your own text before you hand the report in.",
    "In the introduction, describe the problem your project addresses, explain why it matters to the people "
    "who would use your system, and state the main result of your work in one or two sentences.",
    "In the method section, describe the model you implemented in enough detail that another student could "
    "reproduce it, including the training data, the loss function and every hyperparameter you tuned.",
    "In the experiments section, report every experiment with the exact settings so that a reader can "
    "reproduce the numbers in the tables, and discuss the limitations of your approach honestly.",
]

SHARED = [
    "We trained the detector for forty epochs with a cosine schedule and observed that the validation loss "
    "plateaued after the twentieth epoch while the training loss kept decreasing steadily, which suggests mild "
    "overfitting that stronger augmentation with random crops and colour jitter largely removed in our later runs.",
    "Our second experiment replaced the colour histogram features with a texture descriptor computed on "
    "overlapping patches, which made the classifier far less sensitive to the lighting of each photograph and "
    "improved the accuracy on the night-time images by almost nine points while leaving the daytime results unchanged.",
    "To measure robustness we corrupted the test images with gaussian noise, motion blur and jpeg compression at "
    "five severity levels each, and found that the fused model lost less than half as much accuracy as the "
    "single-frame baseline at every level except the strongest blur, where both models failed equally badly.",
    "The annotation tool we built stores every polygon together with the identifier of the annotator and the time "
    "it took to draw, so that disagreements between annotators can be traced back and resolved by a third person "
    "who sees both versions side by side before deciding which one enters the final dataset.",
]
