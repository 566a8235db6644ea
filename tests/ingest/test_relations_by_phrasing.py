"""Relations by phrasing: each kind of relation said in several ways must give the same statement.

The sentences are the team's own, written for these tests (never copied from an article). Each
case names the phrasing it covers (active, passive, participle, nominal, possessive, apposition,
list, ...) so that a failure says which way of saying it broke. Ends are IRIs without the
``https://w3id.org/spacekg/`` base; predicates are the evaluation's names.
"""

from __future__ import annotations

from datetime import date

import pytest

from spacekg.ingest.evaluation import _snake
from spacekg.ingest.extract import extract
from spacekg.ingest.readers import Document
from spacekg.ingest.statements import statements

BASE = "https://w3id.org/spacekg/"


def said(text: str, published: date = date(2025, 4, 25)) -> set[tuple[str, str, str]]:
    """The (subject, predicate, object) statements the text is read to make, as the evaluation
    reports them (text-stated only)."""
    document = Document(
        text=text, title=None, url=None, published=published, source="t", origin="t"
    )
    extraction = extract(document)
    return {
        (s.subject.removeprefix(BASE), _snake(s.predicate), s.object.removeprefix(BASE))
        for s in statements(extraction)
        if s.source != "kb" and s.predicate != "targets"
    }


def case(phrasing: str, text: str, subject: str, predicate: str, obj: str):  # type: ignore[no-untyped-def]
    return pytest.param(text, subject, predicate, obj, id=f"{predicate}-{phrasing}")


CASES = [
    # --- develops ------------------------------------------------------------------------
    case(
        "active",
        "The Korea Aerospace Research Institute built Danuri.",
        "agency/kari",
        "develops",
        "mission/danuri",
    ),
    case(
        "passive",
        "Danuri was designed by the Korea Aerospace Research Institute.",
        "agency/kari",
        "develops",
        "mission/danuri",
    ),
    case(
        "participle",
        "Danuri, developed by the Korea Aerospace Research Institute, reached the Moon.",
        "agency/kari",
        "develops",
        "mission/danuri",
    ),
    case(
        "hyphen-compound",
        "The KARI-built Danuri orbiter reached the Moon.",
        "agency/kari",
        "develops",
        "mission/danuri",
    ),
    case(
        "agent-noun",
        "The Korea Aerospace Research Institute, the builder of Danuri, reported a fault.",
        "agency/kari",
        "develops",
        "mission/danuri",
    ),
    case(
        "list-passive",
        "The Rashid rover was jointly developed by the Mohammed bin Rashid Space Centre "
        "and the Korea Aerospace Research Institute.",
        "agency/kari",
        "develops",
        "mission/rashid-rover",
    ),
    case(
        "people-at-body",
        "MBZ-SAT was developed entirely by Emirati engineers at the Mohammed bin Rashid Space Centre.",
        "agency/mbrsc",
        "develops",
        "mission/mbz-sat",
    ),
    case(
        "collaboration-between",
        "MBZ-SAT was built in collaboration between the UAE Space Agency and Khalifa University.",
        "institution/khalifa-university",
        "develops",
        "mission/mbz-sat",
    ),
    # --- operates ------------------------------------------------------------------------
    case(
        "possessive",
        "India's Chandrayaan-3 landed near the lunar south pole.",
        "country/IN",
        "operates",
        "mission/chandrayaan-3",
    ),
    case(
        "apposition",
        "Psyche, a NASA mission, left Earth in 2023.",
        "agency/nasa",
        "operates",
        "mission/psyche",
    ),
    case(
        "x-led",
        "Hera, an ESA-led mission, will reach its target in 2026.",
        "agency/esa",
        "operates",
        "mission/hera",
    ),
    case(
        "copula",
        "Hayabusa2 is JAXA's asteroid sample-return mission.",
        "agency/jaxa",
        "operates",
        "mission/hayabusa2",
    ),
    case(
        "passive",
        "The Tiangong space station is operated by the China Manned Space Agency.",
        "agency/cmsa",
        "operates",
        "mission/tiangong",
    ),
    case(
        "pronoun-possessive",
        "Roscosmos halted launches of its Soyuz rocket.",
        "agency/roscosmos",
        "operates",
        "mission/soyuz-rocket",
    ),
    case(
        "their",
        "Beijing and Moscow have invited other nations to join their lunar base project, the "
        "International Lunar Research Station.",
        "country/RU",
        "operates",
        "mission/ilrs",
    ),
    case(
        "list-jointly",
        "NASA and ESA jointly operate Solar Orbiter.",
        "agency/esa",
        "operates",
        "mission/solar-orbiter",
    ),
    case(
        "name-prefix",
        "The probe rode a SpaceX Falcon 9 to orbit.",
        "company/spacex",
        "operates",
        "mission/falcon-9",
    ),
    # --- launches ------------------------------------------------------------------------
    case(
        "active",
        "Rocket Lab launched CAPSTONE on Tuesday.",
        "company/rocket-lab",
        "launches",
        "mission/capstone",
    ),
    case(
        "passive",
        "CAPSTONE was launched by Rocket Lab.",
        "company/rocket-lab",
        "launches",
        "mission/capstone",
    ),
    case(
        "vehicle-as-operator",
        "A Falcon 9 rocket lofted the Danuri orbiter.",
        "company/spacex",
        "launches",
        "mission/danuri",
    ),
    case(
        "riding",
        "Danuri lifted off on a Falcon 9 rocket.",
        "company/spacex",
        "launches",
        "mission/danuri",
    ),
    case(
        "nominal",
        "Arianespace's launch of the Jupiter Icy Moons Explorer went smoothly.",
        "company/arianespace",
        "launches",
        "mission/juice",
    ),
    case(
        "list",
        "ISRO launched Chandrayaan-3 and Aditya-L1.",
        "agency/isro",
        "launches",
        "mission/aditya-l1",
    ),
    case(
        "deal-to",
        "Rocket Lab signed a deal to launch CAPSTONE.",
        "company/rocket-lab",
        "launches",
        "mission/capstone",
    ),
    # --- carries_payload_of --------------------------------------------------------------
    case(
        "from-list",
        "Chang'e 6 carries instruments from France, Italy, Sweden and Pakistan.",
        "mission/change-6",
        "carries_payload_of",
        "country/SE",
    ),
    case(
        "aboard",
        "Pakistan's ICUBE-Q flew aboard Chang'e 6.",
        "mission/change-6",
        "carries_payload_of",
        "country/PK",
    ),
    case(
        "compound-owner",
        "Chandrayaan-3 carried a NASA laser retroreflector.",
        "mission/chandrayaan-3",
        "carries_payload_of",
        "agency/nasa",
    ),
    case(
        "passive-installed",
        "Payloads from ESA and Sweden were installed on Chang'e 6.",
        "mission/change-6",
        "carries_payload_of",
        "agency/esa",
    ),
    case(
        "nominal-possessive",
        "The European Space Agency's instrument aboard Chang'e 6 measured ions.",
        "mission/change-6",
        "carries_payload_of",
        "agency/esa",
    ),
    case(
        "demonym",
        "Chang'e 6 will host a Pakistani cubesat.",
        "mission/change-6",
        "carries_payload_of",
        "country/PK",
    ),
    # --- participates_in -----------------------------------------------------------------
    case(
        "verb-in",
        "Canada will participate in the Lunar Gateway.",
        "country/CA",
        "participates_in",
        "mission/lunar-gateway",
    ),
    case(
        "contribute-to",
        "The Canadian Space Agency contributes a robotic arm to the Lunar Gateway.",
        "agency/csa",
        "participates_in",
        "mission/lunar-gateway",
    ),
    case(
        "nominal",
        "JAXA's contribution to Hera includes an infrared camera.",
        "agency/jaxa",
        "participates_in",
        "mission/hera",
    ),
    case(
        "crew-fly-to",
        "Sultan Al Neyadi flew to the International Space Station in March.",
        "person/sultan-al-neyadi",
        "participates_in",
        "mission/iss",
    ),
    case(
        "crew-agent-noun",
        "Shubhanshu Shukla, a crew member of Axiom Mission 4, trained in Houston.",
        "person/shubhanshu-shukla",
        "participates_in",
        "mission/ax-4",
    ),
    case(
        "take-part-list",
        "France, Italy and Sweden take part in Chang'e 6.",
        "country/IT",
        "participates_in",
        "mission/change-6",
    ),
    case(
        "provide-for",
        "The European Space Agency will provide communication hardware for the "
        "Martian Moons eXploration probe.",
        "agency/esa",
        "participates_in",
        "mission/mmx",
    ),
    case(
        "crew-from-list",
        "The crew of Axiom Mission 4 included astronauts from India, Poland and Hungary.",
        "country/HU",
        "participates_in",
        "mission/ax-4",
    ),
    case(
        "contributions-from",
        "The Lunar Gateway, led by NASA with contributions from ESA and JAXA, will orbit the Moon.",
        "agency/jaxa",
        "participates_in",
        "mission/lunar-gateway",
    ),
    # --- cooperates_with -----------------------------------------------------------------
    case(
        "verb-with",
        "ISRO will cooperate with JAXA on the lunar polar mission.",
        "agency/isro",
        "cooperates_with",
        "agency/jaxa",
    ),
    case(
        "noun-between",
        "Cooperation between the Brazilian Space Agency and the China National Space "
        "Administration dates back decades.",
        "agency/aeb",
        "cooperates_with",
        "agency/cnsa",
    ),
    case(
        "hyphen-pair",
        "The NASA-ISRO partnership has grown.",
        "agency/nasa",
        "cooperates_with",
        "agency/isro",
    ),
    case(
        "possessive-noun",
        "ESA's collaboration with JAXA covers Earth observation.",
        "agency/esa",
        "cooperates_with",
        "agency/jaxa",
    ),
    case(
        "jointly",
        "Brazil and China jointly built the CBERS-4A satellite.",
        "country/BR",
        "cooperates_with",
        "country/CN",
    ),
    case(
        "together-list",
        "NASA, ESA and JAXA work together on the Lunar Gateway.",
        "agency/nasa",
        "cooperates_with",
        "agency/jaxa",
    ),
    case(
        "in-collaboration-with",
        "The Korea Aerospace Research Institute developed Danuri in collaboration with NASA.",
        "agency/kari",
        "cooperates_with",
        "agency/nasa",
    ),
    case(
        "co-prefix",
        "The satellite Kenya-1, co-developed by Surrey Satellite Technology Ltd and the Kenya Space "
        "Agency, reached orbit.",
        "company/sstl",
        "cooperates_with",
        "agency/kenya-space-agency",
    ),
    # --- heads / works_for ---------------------------------------------------------------
    case(
        "apposition-at",
        "Jane Okafor, an engineer at the European Space Agency, said the test went well.",
        "person/jane-okafor",
        "works_for",
        "agency/esa",
    ),
    case(
        "possessive-title",
        "India's science minister Jitendra Singh opened the meeting.",
        "person/jitendra-singh",
        "works_for",
        "country/IN",
    ),
    case(
        "relative-clause",
        "Maria Lopez, who works for the Brazilian Space Agency, spoke first.",
        "person/maria-lopez",
        "works_for",
        "agency/aeb",
    ),
    case(
        "deputy",
        "NASA deputy administrator Pam Melroy opened the meeting.",
        "person/pam-melroy",
        "works_for",
        "agency/nasa",
    ),
    case(
        "list-apposition",
        "Jane Okafor and Tom Reyes, both engineers at the European Space Agency, "
        "signed the letter.",
        "person/tom-reyes",
        "works_for",
        "agency/esa",
    ),
    case(
        "attached-of",
        "Maria Lopez of the Brazilian Space Agency said the test went well.",
        "person/maria-lopez",
        "works_for",
        "agency/aeb",
    ),
    case(
        "brackets",
        "Jane Okafor (ESA) presented the results.",
        "person/jane-okafor",
        "works_for",
        "agency/esa",
    ),
    case(
        "demonym-title",
        "Japanese astronaut Koichi Wakata flew to the station.",
        "person/koichi-wakata",
        "works_for",
        "country/JP",
    ),
    case(
        "head-of-a-part",
        "Jane Okafor, the head of Roscosmos's international cooperation department, spoke first.",
        "person/jane-okafor",
        "works_for",
        "agency/roscosmos",
    ),
    case(
        "served-as",
        "Jane Okafor, who served as the European Space Agency's director of science, retired.",
        "person/jane-okafor",
        "works_for",
        "agency/esa",
    ),
    case(
        "title-compound",
        "Nasa chief Bill Nelson said the talks went well.",
        "person/bill-nelson",
        "heads",
        "agency/nasa",
    ),
    case(
        "possessive-apposition",
        "Josef Aschbacher, ESA's director general, announced the decision.",
        "person/josef-aschbacher",
        "heads",
        "agency/esa",
    ),
    case(
        "founder-chief",
        "Peter Beck, Rocket Lab's founder and chief executive, said the launch went well.",
        "person/peter-beck",
        "heads",
        "company/rocket-lab",
    ),
    case(
        "title-of-country",
        "King Hamad bin Isa Al Khalifa of Bahrain praised the team.",
        "person/hamad-bin-isa-al-khalifa",
        "heads",
        "country/BH",
    ),
    case(
        "manager-of-mission",
        "Hamad al-Marzooqi, the manager of the Emirates Lunar Mission, spoke.",
        "person/hamad-al-marzooqi",
        "heads",
        "mission/emirates-lunar-mission",
    ),
    # --- part_of ------------------------------------------------------------------------
    case(
        "apposition-subsidiary",
        "Chang'e 6 was built by the China Academy of Space Technology, a subsidiary of China "
        "Aerospace Science and Technology Corporation.",
        "company/cast",
        "part_of",
        "company/casc",
    ),
    case(
        "copula-part-of",
        "The Human Space Flight Centre is part of the Indian Space Research Organisation.",
        "agency/isro-hsfc",
        "part_of",
        "agency/isro",
    ),
    case(
        "belongs-to",
        "The Jet Propulsion Laboratory belongs to NASA.",
        "institution/jpl",
        "part_of",
        "agency/nasa",
    ),
    # --- initiates -----------------------------------------------------------------------
    case(
        "active",
        "China proposed the International Lunar Research Station in 2017.",
        "country/CN",
        "initiates",
        "mission/ilrs",
    ),
    case(
        "passive-list",
        "The International Lunar Research Station was proposed by China and Russia.",
        "country/RU",
        "initiates",
        "mission/ilrs",
    ),
    case(
        "participle-launched",
        "The Artemis Accords, launched by the United States in 2020, now have "
        "dozens of signatories.",
        "country/US",
        "initiates",
        "agreement/artemis-accords",
    ),
    case(
        "agent-noun",
        "China, the initiator of the International Lunar Research Station, hosted the forum.",
        "country/CN",
        "initiates",
        "mission/ilrs",
    ),
    case(
        "x-led",
        "Rwanda joined the US-led Artemis Accords.",
        "country/US",
        "initiates",
        "agreement/artemis-accords",
    ),
    # --- joins / signs -------------------------------------------------------------------
    case(
        "join",
        "Egypt joined the International Lunar Research Station.",
        "country/EG",
        "joins",
        "mission/ilrs",
    ),
    case(
        "became-partner",
        "Thailand became a partner of the International Lunar Research Station.",
        "country/TH",
        "joins",
        "mission/ilrs",
    ),
    case(
        "nominal-accession",
        "Serbia's accession to the International Lunar Research Station was welcomed.",
        "country/RS",
        "joins",
        "mission/ilrs",
    ),
    case(
        "list",
        "Pakistan, Belarus and Venezuela have joined the International Lunar Research Station.",
        "country/VE",
        "joins",
        "mission/ilrs",
    ),
    case(
        "sign",
        "Nigeria signed the Artemis Accords.",
        "country/NG",
        "signs",
        "agreement/artemis-accords",
    ),
    case(
        "passive-list",
        "The Artemis Accords were signed by Rwanda and Nigeria.",
        "country/RW",
        "signs",
        "agreement/artemis-accords",
    ),
    case(
        "signatory",
        "Senegal became a signatory of the Artemis Accords.",
        "country/SN",
        "signs",
        "agreement/artemis-accords",
    ),
    case(
        "join-agreement",
        "Peru joined the Artemis Accords.",
        "country/PE",
        "signs",
        "agreement/artemis-accords",
    ),
    case(
        "sign-up-to",
        "Egypt and South Africa have both signed up to the International Lunar Research Station.",
        "country/ZA",
        "joins",
        "mission/ilrs",
    ),
    # --- funds ---------------------------------------------------------------------------
    case(
        "active",
        "The European Commission funds the Galileo navigation system.",
        "org/european-commission",
        "funds",
        "mission/galileo",
    ),
    case(
        "passive",
        "Astrobotic Technology is funded by NASA.",
        "agency/nasa",
        "funds",
        "company/astrobotic",
    ),
    case(
        "nominal-possessive",
        "NASA's funding of Astrobotic Technology rose.",
        "agency/nasa",
        "funds",
        "company/astrobotic",
    ),
    case(
        "grant-from-to",
        "A grant from the Luxembourg Space Agency to ispace was announced.",
        "agency/lsa",
        "funds",
        "company/ispace-japan",
    ),
    # --- enacts --------------------------------------------------------------------------
    case(
        "active",
        "Congress passed the NASA Authorization Act of 2022.",
        "org/us-congress",
        "enacts",
        "policy/nasa-authorization-act-2022",
    ),
    case(
        "passive",
        "The Wolf Amendment was passed by the United States Congress in 2011.",
        "org/us-congress",
        "enacts",
        "policy/wolf-amendment",
    ),
    case(
        "enact",
        "Japan enacted the Japan Space Resources Act in 2021.",
        "country/JP",
        "enacts",
        "policy/japan-space-resources-act",
    ),
    # --- criticises ----------------------------------------------------------------------
    case(
        "active",
        "China criticised the Artemis Accords.",
        "country/CN",
        "criticises",
        "agreement/artemis-accords",
    ),
    case(
        "passive",
        "The Artemis Accords have been criticised by Russia.",
        "country/RU",
        "criticises",
        "agreement/artemis-accords",
    ),
    case(
        "nominal",
        "Russia's criticism of the Artemis Accords grew louder.",
        "country/RU",
        "criticises",
        "agreement/artemis-accords",
    ),
    case(
        "object-possessor",
        "Russia condemned NASA's decision.",
        "country/RU",
        "criticises",
        "agency/nasa",
    ),
    case(
        "agent-noun",
        "Russia, a vocal critic of the Artemis Accords, stayed away.",
        "country/RU",
        "criticises",
        "agreement/artemis-accords",
    ),
    # --- restricts -----------------------------------------------------------------------
    case(
        "active",
        "The Wolf Amendment restricts NASA from working with China.",
        "policy/wolf-amendment",
        "restricts",
        "agency/nasa",
    ),
    case(
        "object-possessor",
        "Congress restricted NASA's cooperation with China.",
        "org/us-congress",
        "restricts",
        "agency/nasa",
    ),
    case(
        "entity-list",
        "The Department of Commerce added China Great Wall Industry Corporation and "
        "Chang Guang Satellite Technology to its Entity List.",
        "org/us-department-of-commerce",
        "restricts",
        "company/chang-guang",
    ),
    # --- sanctions / withdraws_from -------------------------------------------------------
    case(
        "named-company-target",
        "The United States sanctioned the Chinese firm Chang Guang Satellite Technology.",
        "country/US",
        "sanctions",
        "company/chang-guang",
    ),
    case(
        "light-verb",
        "The European Union imposed sanctions on Roscosmos in 2022.",
        "org/european-union",
        "sanctions",
        "agency/roscosmos",
    ),
    case(
        "participle-agent",
        "Sanctions imposed on Roscosmos by the European Union hit the programme.",
        "org/european-union",
        "sanctions",
        "agency/roscosmos",
    ),
    case(
        "tariffs-demonym",
        "Washington imposed tariffs on Chinese satellite parts.",
        "country/US",
        "sanctions",
        "country/CN",
    ),
    case(
        "head-of-state",
        "US President Donald Trump's imposition of tariffs on Brazil angered Brasilia.",
        "country/US",
        "sanctions",
        "country/BR",
    ),
    case(
        "withdraw-from",
        "Russia will withdraw from the International Space Station after 2028.",
        "country/RU",
        "withdraws_from",
        "mission/iss",
    ),
    case(
        "nominal-withdrawal",
        "Russia's withdrawal from the International Space Station was confirmed.",
        "country/RU",
        "withdraws_from",
        "mission/iss",
    ),
    # --- ends / suspends -----------------------------------------------------------------
    case(
        "ends-with",
        "ESA ended its cooperation with Roscosmos on ExoMars.",
        "agency/esa",
        "ends_cooperation_with",
        "agency/roscosmos",
    ),
    case(
        "suspends-with",
        "ESA suspended its partnership with Roscosmos.",
        "agency/esa",
        "suspends_cooperation_with",
        "agency/roscosmos",
    ),
    case(
        "halts-with",
        "Roscosmos halted its cooperation with the German Aerospace Center.",
        "agency/roscosmos",
        "suspends_cooperation_with",
        "agency/dlr",
    ),
    case(
        "clause-after-an-ending",
        "The talks between Kenya and Rwanda ended on Friday, and the two countries pledged closer"
        " cooperation in space.",
        "country/RW",
        "cooperates_with",
        "country/KE",
    ),
    case(
        "verb-after-an-ending",
        "The old mission ended in 2020, and NASA then cooperated with JAXA on a new lander.",
        "agency/nasa",
        "cooperates_with",
        "agency/jaxa",
    ),
    # --- names of people and satellites the KB does not know --------------------------------
    case(
        "job-noun-apposition",
        "Jane Rigby, a NASA astrophysicist, led the team.",
        "person/jane-rigby",
        "works_for",
        "agency/nasa",
    ),
    case(
        "flight-director-is-staff",
        "Tomas Berg, a flight director at ESA, called the docking flawless.",
        "person/tomas-berg",
        "works_for",
        "agency/esa",
    ),
    case(
        "passive-named-satellite",
        "NeonSat-1 was launched by Rocket Lab from New Zealand.",
        "company/rocket-lab",
        "launches",
        "mission/neonsat-1",
    ),
    case(
        "participle-named-satellite",
        "KhalifaSat, developed by the Mohammed Bin Rashid Space Centre, weighs 330 kg.",
        "agency/mbrsc",
        "develops",
        "mission/khalifasat",
    ),
    case(
        "plain-name-before-its-kind",
        "The Vikram lander was developed by ISRO.",
        "agency/isro",
        "develops",
        "mission/vikram",
    ),
    case(
        "name-tagged-as-a-body-before-its-kind",
        "Helios Dynamics built the Nova lander in Ohio.",
        "company/helios-dynamics",
        "develops",
        "mission/nova",
    ),
    case(
        "project-between-parties",
        "The NISAR mission is a joint project between NASA and ISRO.",
        "agency/isro",
        "participates_in",
        "mission/nisar",
    ),
    case(
        "apposition-collaboration-between",
        "BepiColombo, a collaboration between ESA and JAXA, reached Mercury.",
        "agency/jaxa",
        "participates_in",
        "mission/bepicolombo",
    ),
    case(
        "copula-mission-of-parties",
        "NISAR is a joint mission of NASA and ISRO.",
        "agency/nasa",
        "participates_in",
        "mission/nisar",
    ),
    case(
        "variant-rocket-flown-by-its-family-operator",
        "A Long March 2C rocket carried Pakistan's PRSS-1 into orbit.",
        "company/casc",
        "launches",
        "mission/prss-1",
    ),
    # --- unnamed officials act for their body --------------------------------------------
    case(
        "minister-of-a-country",
        "Argentina's foreign minister signed the Artemis Accords on behalf of the country.",
        "country/AR",
        "signs",
        "agreement/artemis-accords",
    ),
    case(
        "ambassador-of-a-country",
        "India's ambassador signed the Artemis Accords in Washington.",
        "country/IN",
        "signs",
        "agreement/artemis-accords",
    ),
    case(
        "ministry-spokesman",
        "China's foreign ministry spokesman criticised the Artemis Accords.",
        "org/china-ministry-of-foreign-affairs",
        "criticises",
        "agreement/artemis-accords",
    ),
    # --- restricts: the party aimed at through the activity restricted -------------------
    case(
        "restrictions-on-collaboration-with",
        "Congress imposed restrictions on NASA's collaboration with China.",
        "org/us-congress",
        "restricts",
        "country/CN",
    ),
    case(
        "barred-from-working-with",
        "Congress barred NASA from working with China.",
        "org/us-congress",
        "restricts",
        "country/CN",
    ),
    case(
        "policy-restricts-cooperation-with",
        "The Wolf Amendment restricts NASA's cooperation with China.",
        "policy/wolf-amendment",
        "restricts",
        "country/CN",
    ),
    case(
        "curbs-on-exports-to",
        "Washington imposed curbs on exports to Iran.",
        "country/US",
        "restricts",
        "country/IR",
    ),
    case(
        "banned-the-sale-to",
        "Japan banned the sale of rocket engines to North Korea.",
        "country/JP",
        "restricts",
        "country/KP",
    ),
    case(
        "limited-cooperation-with",
        "The European Union limited cooperation with Russia after the invasion.",
        "org/european-union",
        "restricts",
        "country/RU",
    ),
    # --- grants access ------------------------------------------------------------------
    case(
        "allow-people-from",
        "CNSA will allow scientists from France to study its lunar samples.",
        "agency/cnsa",
        "grants_access_to",
        "country/FR",
    ),
    case(
        "let-use",
        "Russia let NASA astronauts use the Soyuz.",
        "country/RU",
        "grants_access_to",
        "agency/nasa",
    ),
    case(
        "grant-access-noun",
        "China granted Pakistan access to its space station.",
        "country/CN",
        "grants_access_to",
        "country/PK",
    ),
    case(
        "allow-to-apply-for",
        "CNSA allowed scientists from Pakistan to apply for Chang'e-5 samples.",
        "agency/cnsa",
        "grants_access_to",
        "country/PK",
    ),
    case(
        "purpose-clause-keeps-its-subject",
        "NASA called a meeting to discuss cooperation with ESA.",
        "agency/nasa",
        "cooperates_with",
        "agency/esa",
    ),
    case(
        "permit-possessive",
        "CNSA permitted Brazil's researchers to visit the laboratory.",
        "agency/cnsa",
        "grants_access_to",
        "country/BR",
    ),
    case(
        "told-to-end",
        "The ministers instructed ESA to terminate its partnership with Roscosmos.",
        "agency/esa",
        "ends_cooperation_with",
        "agency/roscosmos",
    ),
    case(
        "authorised-to-suspend",
        "The cabinet authorised Roscosmos to halt its cooperation with the German Aerospace Center.",
        "agency/roscosmos",
        "suspends_cooperation_with",
        "agency/dlr",
    ),
    case(
        "switch-off-instrument",
        "Germany switched off its eROSITA telescope aboard Russia's Spektr-RG observatory.",
        "country/DE",
        "suspends_cooperation_with",
        "country/RU",
    ),
]


@pytest.mark.parametrize(("text", "subject", "predicate", "obj"), CASES)
def test_each_phrasing_gives_the_relation(
    text: str, subject: str, predicate: str, obj: str
) -> None:
    found = said(text)
    assert (subject, predicate, obj) in found, sorted(found)


NOT_SAID = [
    pytest.param(
        "Politics is the root obstacle to space cooperation between the United States and China.",
        "cooperates_with",
        id="obstacle-to-cooperation",
    ),
    pytest.param(
        "Congress barred NASA from any cooperation with China.",
        "cooperates_with",
        id="barred-cooperation",
    ),
    pytest.param(
        "ESA could not continue its work with Roscosmos.", "cooperates_with", id="negated-continue"
    ),
    pytest.param("India did not sign the Artemis Accords.", "signs", id="negated-sign"),
    pytest.param(
        "Rwanda and Nigeria signed the Artemis Accords on Monday.",
        "agrees_with",
        id="co-signers-of-a-pact-agree-on-nothing-between-them",
    ),
    pytest.param(
        "Tomas Berg, a flight director at ESA, called the docking flawless.",
        "heads",
        id="a-flight-director-does-not-head-the-agency",
    ),
    pytest.param(
        "Congress restricted NASA's budget.",
        "cooperates_with",
        id="restricting-a-budget-names-no-partner",
    ),
    pytest.param(
        "Parliament authorised the Ministry of Defence to suspend cooperation with Roscosmos.",
        "grants_access_to",
        id="permission-to-act-is-no-access",
    ),
    pytest.param(
        "The cabinet allowed ISRO to end its work with Roscosmos.",
        "grants_access_to",
        id="allowed-to-end-is-no-access",
    ),
    pytest.param(
        "NASA deputy administrator Pam Melroy met her counterparts.",
        "cooperates_with",
        id="person-with-own-body",
    ),
]


@pytest.mark.parametrize(("text", "predicate"), NOT_SAID)
def test_what_the_text_does_not_say_is_not_read(text: str, predicate: str) -> None:
    assert not [s for s in said(text) if s[1] == predicate]


def test_a_counted_group_takes_the_bulleted_list_that_follows() -> None:
    found = said(
        "The Department of Commerce added four aerospace firms to its Entity List. The listed "
        "companies are:\n\n  \u2022 Orbital Widgets Corporation\n  \u2022 Zenith Rocket Systems\n\n"
        "Officials declined to comment."
    )
    for firm in ("company/orbital-widgets-corporation", "company/zenith-rocket-systems"):
        assert ("org/us-department-of-commerce", "restricts", firm) in found, sorted(found)


def test_a_restriction_on_dealings_keeps_the_restricted_body_as_a_target() -> None:
    found = said("Congress barred NASA from working with China.")
    assert {("org/us-congress", "restricts", "agency/nasa")} <= found
    assert ("org/us-congress", "restricts", "country/CN") in found
