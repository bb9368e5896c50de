"""A second, small film folder written from hand-made reviews: proof that nothing is wired to one film.

The four reviews of David Lean's *Brief Encounter* (1945) below were written for these tests by
the criticlens authors (they are not quotations of published criticism). They differ from the
bundled *Blue Valentine* corpus on purpose:

- four reviews instead of three, with string ids that do not look like ``000``;
- one review is unsigned (its label falls back to ``"Unsigned (<id>)"``), one has no outlet;
- one review is short (six sentences), to exercise every smoother's short-review path;
- other scenes, people and quotations, a negation ("It isn't a bad film") and mixed quote styles.

Use :func:`write_second_film` in a test, or the ``second_film`` fixture (defined in
``tests/conftest.py``, so any test can take it as an argument).
"""
from __future__ import annotations

from pathlib import Path


SLUG = "brief-encounter"

FILM_YAML = """\
# Brief Encounter (1945): a hand-written second film for the criticlens tests.
title: Brief Encounter
year: 1945
director: [David Lean]
writers: [Noël Coward, David Lean, Ronald Neame, Anthony Havelock-Allan]
cast:
  - actor: Celia Johnson
    character: Laura
    aliases: [Laura Jesson]
  - actor: Trevor Howard
    character: Alec
    aliases: [Alec Harvey]
  - actor: Stanley Holloway
    character: Albert
  - actor: Joyce Carey
    character: Myrtle
  - actor: Cyril Raymond
    character: Fred
songs:
  - title: Piano Concerto No. 2
    artist: Sergei Rachmaninoff
aspects:
  restraint: [restraint, polite, clipped, class codes]
scenes:
  - id: grit
    label: Grit in the eye
    order: 1
    terms: [grit, grit in the eye, handkerchief]
  - id: boating
    label: Rowing on the lake
    order: 2
    terms: [boating, rowing boat, rowing]
    patterns: ['fall(s|ing)? into the lake']
  - id: flat
    label: The borrowed flat
    order: 3
    terms: [borrowed flat]
    all_of: [[flat, door]]
  - id: express
    label: The express train
    order: 4
    terms: [express, platform]
  - id: parting
    label: The final parting
    order: 5
    terms: [final parting, shoulder]
  - id: homecoming
    label: Home to Fred
    order: 6
    terms: [crossword, coming back to me]
    lines: ["Thank you for coming back to me"]
"""

#: review id -> (critic, outlet, headline, text). Blank strings are blank CSV cells (NA).
REVIEWS: dict[str, tuple[str, str, str, str]] = {
    "be-fenwick": (
        "Maud Fenwick", "The Evening Lamp", "A masterpiece of the ordinary",
        "Brief Encounter is a small film about a large feeling, and it has not aged a day. "
        "Celia Johnson plays Laura Jesson, a suburban wife who takes the train into Milford every "
        "Thursday to change her library book.\n\n"
        "In the station refreshment room a speck of grit lodges in her eye, and a doctor, Alec "
        "Harvey (Trevor Howard), removes it with a clean handkerchief. That is all it takes. "
        "David Lean films the meeting with almost clinical restraint, yet the Rachmaninoff on the "
        "soundtrack tells us everything the characters will not say.\n\n"
        "Johnson\u2019s voice-over is the film\u2019s secret weapon: wry, frightened, honest. The "
        "boating scene, with Alec falling into the lake, is the one moment of pure comedy, and it "
        "hurts to watch because we know it cannot last. \u201cThis misery can\u2019t last,\u201d "
        "Laura tells herself, and the film is wise enough not to believe her. It is a "
        "masterpiece of the ordinary.\n",
    ),
    "be-okafor": (
        "J. Okafor", "", "",
        "I admire Brief Encounter more than I love it. The class codes are suffocating: everybody "
        "is terribly polite, and the comic relief in the refreshment room, Stanley Holloway's "
        "ticket inspector flirting with Myrtle behind the counter, feels like a postcard from "
        "another country.\n\n"
        "Still, Trevor Howard is superb as Alec, a decent man who cannot stop himself. The "
        "borrowed flat sequence, where the lovers are nearly caught by the flat's owner, is "
        "genuinely tense. Laura flees down the stairs and out into the rain, and the camera tilts "
        "as though the world has slipped.\n\n"
        "The final parting is a masterclass in interruption: a chattering acquaintance sits down, "
        "and Alec can only press Laura's shoulder as he goes. It isn't a bad film; it is a "
        "careful one. Noel Coward's dialogue is clipped to the bone.\n",
    ),
    "be-unsigned": (
        "", "", "Thursdays at Milford",
        "Every Thursday, Milford Junction. A woman, a doctor, a cup of tea. From these "
        "ingredients David Lean builds something devastating.\n\n"
        "The grit in the eye is the least romantic meeting in cinema, and that is the point. The "
        "lovers\u2019 afternoons (the pictures, the lunch, the rowing boat) are shot with a "
        "lightness that makes the later scenes unbearable. When Laura stands on the platform as "
        "the express roars through, the lights flicker across her face and we fear the worst.\n\n"
        "Then she goes home to Fred and his crossword. \"Thank you for coming back to me,\" he "
        "says, and it is the saddest happy ending ever filmed.\n",
    ),
    "be-raman": (
        "Priya Raman", "Reel Notes", "",
        "Forget the reputation: Brief Encounter is a thriller. Will they or won't they, and will "
        "anyone see? Every knock at the door of the borrowed flat lands like a gunshot. Trevor "
        "Howard and Celia Johnson play it dead straight, and the tension never lets up. Nothing "
        "here is wasted. Go for the romance, stay for the nerves.\n",
    ),
}


def write_second_film(root: str | Path) -> Path:
    """Write the *Brief Encounter* film folder under ``root`` and return its path.

    Layout as the bundled film: ``film.yaml``, ``reviews.csv`` and ``reviews/<id>.txt`` (UTF-8).
    """
    film_dir = Path(root) / SLUG
    (film_dir / "reviews").mkdir(parents=True, exist_ok=True)
    (film_dir / "film.yaml").write_text(FILM_YAML, encoding="utf-8")
    lines = ["review_id,file,critic,outlet,headline,published,notes"]
    for rid, (critic, outlet, headline, text) in REVIEWS.items():
        rel = f"reviews/{rid}.txt"
        (film_dir / rel).write_bytes(text.encode("utf-8"))
        lines.append(f"{rid},{rel},{critic},{outlet},{headline},,hand-written test review")
    (film_dir / "reviews.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return film_dir
