"""Small made-up documents for comparator edge cases (our own sentences)."""

from __future__ import annotations

import datetime as dt

from ofsted_mine.models import Document, Finding, Judgement, PolarityTag, Recommendation, ThemeTag


def finding(number: int, text: str, polarity: str, *themes: str) -> Finding:
    return Finding(number=number, text=text, themes=[ThemeTag(theme=t, score=0.9) for t in themes],
                   polarity=PolarityTag(label=polarity, score=0.9))


def rec(index: int, text: str, *themes: str, **kw) -> Recommendation:
    return Recommendation(index=index, text=text, themes=[ThemeTag(theme=t, score=0.9) for t in themes],
                          polarity=PolarityTag(label="weakness", score=0.9), **kw)


def judgement(area: str, grade: str, area_text: str = "", **kw) -> Judgement:
    return Judgement(area=area, grade=grade, area_text=area_text or area.replace("_", " "), grade_text=grade, **kw)


def report(id_: str, la: str, start: dt.date, end: dt.date, *, findings=(), recs=(), judgements=(),
           doc_type: str = "ilacs_report", framework: str = "ILACS") -> Document:
    return Document(id=id_, source=f"{id_}.pdf", sha256=id_, doc_type=doc_type, local_authority=la,
                    framework=framework, inspection_start=start, inspection_end=end, findings=list(findings),
                    recommendations=list(recs), judgements=list(judgements))


def letter(id_: str, la: str, start: dt.date, end: dt.date, *, findings=(),
           doc_type: str = "focused_visit_letter") -> Document:
    return Document(id=id_, source=f"{id_}.pdf", sha256=id_, doc_type=doc_type, local_authority=la,
                    framework="ILACS", inspection_start=start, inspection_end=end, findings=list(findings))


#: A made-up earlier report: a dozen findings on distinct ground.
EARLIER = [
    finding(1, "Return home interviews are not offered to every child who goes missing, and their quality is weak.",
            "weakness", "missing"),
    finding(2, "Private fostering arrangements are not assessed and checks on carers are not completed.",
            "weakness", "private_fostering"),
    finding(3, "The virtual school is effective and personal education plans are thorough.", "strength",
            "education"),
    finding(4, "Foster carers receive good training and support groups, so placements are stable.", "strength",
            "placement_sufficiency"),
    finding(5, "Supervision of social workers is irregular and lacks reflection on children's progress.",
            "weakness", "management_oversight"),
    finding(6, "Unaccompanied asylum-seeking children are well supported by social workers who know them.",
            "strength", "uasc"),
    finding(7, "Disabled children receive assessments from workers trained to communicate with them.",
            "strength", "disabled_children"),
    finding(8, "Care leavers' pathway plans are detailed and written with the young people.", "strength",
            "care_leavers"),
    finding(9, "The local authority designated officer responds to allegations against professionals promptly.",
            "strength", "allegations_lado"),
    finding(10, "Court applications are timely and the public law outline is tracked closely.", "strength",
            "court_and_plo"),
]

#: The later report: 1 still weak, 2 now strong, 3 still strong, 4 now weak, 5-10 silent, 11 new weakness.
LATER = [
    finding(1, "Return home interviews are still not offered to every child who goes missing from care.",
            "weakness", "missing"),
    finding(2, "Private fostering arrangements are now assessed thoroughly and checks are completed on time.",
            "strength", "private_fostering"),
    finding(3, "The virtual school is effective; personal education plans are thorough and well used.",
            "strength", "education"),
    finding(4, "Foster carers no longer receive regular training or support groups and several placements broke down.",
            "weakness", "placement_sufficiency"),
    finding(5, "Young carers are identified early and receive timely support from youth workers.", "strength",
            "early_help"),
    finding(6, "Sixteen and seventeen year olds who present as homeless are housed the same day.", "strength",
            "homelessness_16_17"),
    finding(7, "Children at risk of exploitation are protected by a strong multi-agency team.", "strength",
            "exploitation"),
    finding(8, "Strategy meetings are timely and well attended by the police and health partners.", "strength",
            "front_door"),
    finding(9, "Initial health assessments are timely and dental checks are up to date.", "strength",
            "health_wellbeing"),
    finding(10, "Early help is coordinated through family hubs that families value.", "strength", "early_help"),
    finding(11, "Responses to neglect are slow, and some children live with cumulative harm for too long.",
             "weakness", "domestic_abuse_neglect"),
]
