"""Cue lists as data: the domain phrases behind each theme and polarity.

Why data and not rules: the cues are features the model weighs (and the
evidence it shows), not hard decisions. They describe *practice* ("return
home interview", "pathway plan"), never a council, person or place, so a
report from any local authority lights them up the same way.

Phrases are matched case-insensitively on whole tokens; a plural "s" on the
last word is added automatically (see :mod:`ofsted_mine.classify.pipeline`).
Abbreviations are matched case-sensitively so "PA" (personal adviser) does
not fire on "pa" and "IRO" does not fire on "iron".
"""

from __future__ import annotations

#: theme id -> lowercase phrases that say something about that area of practice
THEME_CUES: dict[str, tuple[str, ...]] = {
    "permanence": (
        "permanence", "permanent home", "permanent homes", "adoption", "adopted", "adopters",
        "adoptive", "special guardianship", "special guardian", "long-term fostering",
        "long-term foster", "long-term matching", "matched for permanence", "matching panel",
        "finding and matching", "permanently matched", "family finding", "placed with parents",
        "placed at home with their parents", "reunification", "return home to", "early permanence",
        "permanence panel", "permanence planning", "child permanence report", "discharge of care orders",
        "discharge care orders", "regional adoption agency", "foster to adopt", "fostering for adoption",
        "post-adoption support", "adoption support fund", "parallel planning", "return home",
        "returning home", "return to live with", "reunited", "reunify", "permanence plan", "permanence plans",
        "long-term plans", "permanent care",
    ),
    "missing": (
        "missing", "go missing", "going missing", "missing from home", "missing from care",
        "missing episodes", "return home interview", "return home interviews", "push and pull",
        "missing education", "missing from education", "elective home education",
        "electively home educated", "educated at home", "home educated",
    ),
    "care_leavers": (
        "care leaver", "care leavers", "leaving care", "personal adviser", "personal advisers",
        "personal advisor", "personal advisors", "pathway plan", "pathway plans", "pathway planning",
        "staying put", "staying close", "local offer", "care leavers' offer", "care leaver offer",
        "preparation for independence", "independence skills", "live independently", "independent living",
        "health histories", "health history", "health passport", "education, employment or training",
        "education, employment and training", "not in education, employment or training",
        "young adults", "care-experienced", "turning 18", "after turning 21", "aged 18 to 25",
        "bed and breakfast",
    ),
    "exploitation": (
        "exploitation", "exploited", "exploiters", "sexual exploitation", "criminal exploitation",
        "county lines", "gangs", "gang", "gang-related", "knife crime", "trafficking", "trafficked",
        "modern slavery", "contextual safeguarding", "extra-familial harm", "risk and vulnerability",
        "disruption", "disrupt", "radicalisation", "youth violence",
    ),
    "front_door": (
        "front door", "contacts", "contact and referral", "referrals", "referral", "multi-agency safeguarding hub",
        "duty and advice", "threshold", "thresholds", "consent", "strategy meeting", "strategy meetings",
        "strategy discussion", "strategy discussions", "child protection enquiries",
        "child protection enquiry", "section 47", "out-of-hours", "out of hours", "emergency duty team",
        "screening", "triage", "initial response", "investigations",
    ),
    "child_protection_planning": (
        "child protection plan", "child protection plans", "child in need plan", "child in need plans",
        "child-in-need", "children in need", "child protection conference", "child protection conferences",
        "initial child protection conference", "core group", "core groups", "child in need meetings",
        "step down", "stepping down", "step up", "stepped up", "step-down", "step-up", "repeat plans",
        "child protection chairs", "conferences", "conference chair", "conference chairs",
        "review conferences", "child protection planning", "multi-agency reviews",
    ),
    "early_help": (
        "early help", "early support", "community hubs", "children's centres", "family hub", "family hubs",
        "targeted support", "team around the family",
        "edge of care", "edge-of-care", "family group conference", "family group conferences",
        "family group conferencing", "multi-systemic therapy", "early intervention",
        "families in focus", "troubled families", "supporting families",
    ),
    "assessment_quality": (
        "assessment", "assessments", "assessed", "single assessment", "pre-birth", "analysis",
        "history", "histories", "cumulative harm", "cumulative risk", "lived experience",
        "lived experiences", "viability assessments", "parenting assessments", "risk assessment",
        "assess", "assessing", "reassessed", "parenting capacity", "family history", "age assessment",
        "understanding of risk",
    ),
    "recording_and_plans_quality": (
        "written plans", "written records", "case records", "case recording", "recording",
        "records", "minutes", "chronologies", "chronology", "timescales", "contingency",
        "contingency plans", "child-friendly", "child friendly", "written in a way", "plans are",
        "quality of plans", "smart", "timebound", "recorded", "language that",
    ),
    "management_oversight": (
        "management oversight", "supervision", "supervisions", "oversight", "management challenge",
        "escalate", "escalation", "independent reviewing officer",
        "independent reviewing officers", "rationale", "reflective supervision", "decision-making",
        "manager oversight", "managers' oversight", "managerial oversight", "case direction",
        "management decisions", "supervisory", "dispute resolution", "challenge and escalation",
    ),
    "quality_assurance": (
        "audit", "audits", "auditing", "quality assurance", "performance data", "performance information",
        "performance management", "performance framework", "data integrity", "data quality",
        "electronic recording system", "case management system", "self-evaluation", "self-assessment",
        "dip sampling", "learning from", "performance clinics", "scorecards", "performance reports",
        "management information", "it system", "data cleanse",
    ),
    "leadership": (
        "leaders", "senior leaders", "leadership", "senior managers", "political", "corporate",
        "elected members", "lead member", "chief executive", "director of children's services",
        "governance", "improvement board", "strategic partnerships", "strategic partners",
        "corporate parenting", "corporate parenting board", "investment", "scrutiny",
        "improvement plan", "partnership", "vision", "ambition", "culture",
        "director", "directors", "assistant director", "head of service", "heads of service",
        "senior leadership team", "senior officer", "safeguarding children board", "safeguarding partnership",
        "safeguarding partners", "cabinet", "councillors", "budget", "funding", "restructure",
        "restructuring", "service structure", "improvement director",
    ),
    "workforce": (
        "workforce", "recruitment", "retention", "recruited", "retain", "agency staff", "agency workers",
        "caseloads", "caseload", "staff stability", "stable workforce", "morale", "training",
        "induction", "newly qualified social workers", "newly qualified", "advanced practitioners",
        "advanced practitioner", "turnover", "vacancies", "vacancy", "workloads", "staff",
        "changes of social worker", "changes in social worker", "learning culture",
    ),
    "placement_sufficiency": (
        "sufficiency", "placement", "placements", "placement stability", "placement moves",
        "foster carers", "foster carer", "fostering", "fostering recruitment", "foster homes",
        "children's homes", "children's home", "residential", "supported accommodation",
        "unregistered", "unregulated", "emergency placements", "placed at a distance",
        "out of area", "choice of homes", "homes for children", "foster placements", "mockingbird",
        "carer retention", "foster carer reviews", "kinship carers", "connected carers",
    ),
    "disabled_children": (
        "disabled children", "disabled children's", "disabilities", "disability", "short breaks",
        "short-break", "special educational needs", "communicate with children",
    ),
    "private_fostering": (
        "private fostering", "privately fostered", "private fostering arrangements",
    ),
    "allegations_lado": (
        "allegations", "allegation", "designated officer", "local authority designated officer",
        "position of trust", "against professionals", "harm from professionals",
        "risk from professionals", "people working with children",
    ),
    "domestic_abuse_neglect": (
        "domestic abuse", "domestic violence", "neglect", "cumulative harm", "graded care profile",
        "multi-agency risk assessment conference", "parental conflict", "substance misuse",
        "survivors", "perpetrators",
    ),
    "health_wellbeing": (
        "health", "emotional health", "emotional well-being", "well-being", "wellbeing",
        "mental health", "health assessments", "health assessment", "initial health assessments",
        "review health assessments", "child and adolescent mental health", "dental", "optician",
        "optical", "therapeutic", "therapy", "psychologist", "psychologists", "strengths and difficulties",
        "trauma", "counselling",
    ),
    "education": (
        "virtual school", "virtual head", "virtual headteacher", "personal education plan",
        "personal education plans", "attainment", "attendance", "exclusions", "schools", "school",
        "educational", "education", "pupil premium", "key stage", "designated teachers",
    ),
    "voice_and_participation": (
        "views", "wishes and feelings", "wishes", "voice", "voices", "direct work", "advocates",
        "advocacy", "advocate", "independent visitors", "independent visitor", "children in care council",
        "participation", "participate", "complaints", "complaint", "life-story work", "life story work",
        "life-story", "family time", "contact with", "seen alone", "listened to", "co-produced",
        "relationships with children", "know their children",
    ),
    "court_and_plo": (
        "public law outline", "pre-proceedings", "letters before proceedings", "letter before proceedings",
        "letters to parents", "care proceedings", "proceedings", "court", "court applications",
        "court application", "care order", "care orders", "legal planning", "judiciary",
        "family court", "legal proceedings",
    ),
    "uasc": (
        "unaccompanied asylum-seeking", "unaccompanied asylum seeking", "asylum-seeking",
        "asylum seeking", "unaccompanied", "national transfer scheme", "immigration status",
        "leave to remain",
    ),
    "homelessness_16_17": (
        "present as homeless", "presenting as homeless", "homeless", "homelessness",
        "aged 16 and 17", "aged 16 to 17", "16- and 17-year-olds", "16 and 17-year-olds",
        "16- and 17-year-old", "joint housing assessments", "housing protocol",
    ),
}

#: theme id -> case-sensitive abbreviations (singular and plural spelled out)
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "permanence": ("SGO", "SGOs", "RAA"),
    "missing": ("RHI", "RHIs", "EHE", "CME"),
    "care_leavers": ("PA", "PAs", "NEET", "EET"),
    "exploitation": ("CSE", "CCE", "MACE", "CSAE"),
    "front_door": ("MASH", "EDT", "S47", "s47"),
    "child_protection_planning": ("CIN", "ICPC", "RCPC"),
    "early_help": ("MST", "FGC", "FGCs"),
    "management_oversight": ("IRO", "IROs"),
    "quality_assurance": ("KPIs", "KPI"),
    "leadership": ("DCS", "LSCB", "LSCP"),
    "workforce": ("NQSW", "NQSWs", "ASYE"),
    "allegations_lado": ("LADO", "LADOs"),
    "domestic_abuse_neglect": ("MARAC",),
    "health_wellbeing": ("CAMHS", "SDQ", "SDQs", "IHA", "IHAs"),
    "education": ("PEP", "PEPs"),
    "court_and_plo": ("PLO",),
    "uasc": ("UASC",),
}

# -- polarity cues -----------------------------------------------------------

#: markers that set one clause against another ("X; however, Y")
CONTRAST: tuple[str, ...] = (
    "however", "although", "though", "while", "whilst", "but", "despite", "nevertheless",
    "nonetheless", "notwithstanding", "in contrast", "yet", "except",
)

#: phrases that report a shortfall, delay, inconsistency or unproven impact
NEGATIVE: tuple[str, ...] = (
    "not yet", "too soon", "too early", "yet to", "not embedded", "not fully embedded",
    "variable", "variability", "inconsistent", "inconsistency", "inconsistently", "not consistently",
    "not always", "not routinely", "not sufficiently", "not effective", "not good enough",
    "not robust", "not strong enough", "not timely", "delay", "delays", "delayed", "drift",
    "too slow", "too long", "too high", "too many", "too few", "too general", "too quickly",
    "weak", "weaker", "weakness", "weaknesses", "poor", "poorer", "lack", "lacks", "lacking",
    "insufficient", "insufficiently", "shortfall", "shortfalls", "limited", "inadequate",
    "unclear", "deteriorated", "deterioration", "declined", "decline", "concern", "concerns",
    "unsuitable", "unmanageable", "overly optimistic", "superficial", "unreliable", "missed",
    "challenges", "challenge remains", "struggled", "unable", "fragile", "ineffective",
    "meaningless", "inflated", "gap", "gaps", "failed", "failure", "failures", "risky",
    "more to do", "more work", "further work", "requires improvement", "need to improve",
    "needs to improve", "not aware", "unaware", "not in place", "work in progress", "uncertainty",
    "negative impact", "too variable", "not clear", "not sufficient", "not enough", "remains a challenge",
    "slow", "wait too long", "waiting", "not reviewed", "not completed", "not recorded", "not in place",
    "not evident", "not effective enough", "does not", "do not", "did not", "is not", "are not", "has not",
    "have not", "no evidence", "risk of harm", "exposed", "unassessed", "reactive", "descriptive",
    # narrative criticism (reviews and letters judge in prose, not in inspection formulae)
    "too little", "not helped", "unsettling", "churn", "confused", "confusion", "problematic",
    "significant problem", "significant issue", "significant issues", "disappointed", "disappointing",
    "unfit for purpose", "not fit for purpose", "over reliance", "over-reliance", "reliance on agency",
    "unresolved", "unhelpful", "unhelpfully", "worrying", "worryingly", "failed to", "less successful",
    "underdeveloped", "under developed", "under-developed", "frustration", "incompetence", "poorly",
    "unsafe", "instability", "unstable", "should have", "weakened", "inconsistencies", "no system",
    "high level of agency", "high levels of agency",
)

#: phrases that report practice as effective or improving with impact
POSITIVE: tuple[str, ...] = (
    "effective", "effectively", "good", "strong", "strength", "strengths", "well", "timely",
    "thorough", "comprehensive", "improved", "improving", "improvement", "robust", "high-quality",
    "high quality", "positive", "positively", "benefit", "benefits", "successful", "successfully",
    "clear", "appropriate", "appropriately", "swift", "swiftly", "prompt", "promptly",
    "purposeful", "meaningful", "skilled", "committed", "consistent", "consistently", "stable",
    "detailed", "sensitive", "sensitively", "well supported", "well-established", "embedded",
    "excellent", "exceptional", "outstanding", "impressive", "highly", "accurate", "ambitious",
    "tangible", "valued", "manageable", "proportionate", "persistent", "creative", "innovative",
    "quickly", "helps", "helping", "enables", "enabling", "supportive", "responsive", "settled",
    "safer", "thoughtful", "thoughtfully", "carefully", "tenacious", "aspirational", "well understood",
    "makes a difference", "making a difference", "positive difference", "better", "strengthened",
    "adds value", "added value", "commendable", "valuable", "useful", "helpful", "positive impact",
    "well placed", "well-placed", "comprehensively", "aspirations", "high aspirations", "highest priority",
    "right pace", "success", "benefitted", "benefited", "reasonable", "value", "ensures", "lasting",
)

#: words that put the next few tokens under negation ("not effective", "lack of clear ...")
NEGATORS: tuple[str, ...] = (
    "not", "no", "never", "lack", "lacks", "lacking", "without", "insufficient", "insufficiently",
    "nor", "neither", "cannot", "unable", "less", "n't",
)

#: how many tokens after a negator it governs
NEGATION_WINDOW = 4
