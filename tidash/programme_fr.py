"""The cited programme figures in French: each indicator identifier gets a French label and each
curator's note (written in English in data/sources/programme/) its French translation. Pages
show these, never the raw identifiers; a test fails if a figure lacks its French text."""
from __future__ import annotations

import pandas as pd

from tidash import formatting as fmt

NOT_GIVEN = "non renseigné"

INDICATOR_LABELS = {
    "n_territoires_announced": "Territoires annoncés",
    "share_national_area_of_TI": "Part du territoire national couverte",
    "industrial_jobs_in_TI": "Emplois industriels dans les territoires",
    "n_territoires": "Nombre de territoires",
    "n_territoires_ARA": "Territoires en Auvergne-Rhône-Alpes",
    "share_TI_launched_approach": "Part des territoires ayant lancé la démarche",
    "n_territoires_effective": "Territoires effectivement actifs",
    "n_chefs_de_projet_supported": "Chefs de projet soutenus",
    "days_engineering_per_strong_mission": "Jours d'ingénierie par mission renforcée",
    "n_intercommunalites": "Nombre d'intercommunalités",
    "n_projets_programme": "Projets du programme",
    "n_epci": "Nombre d'EPCI",
    "n_communes": "Nombre de communes",
    "n_territoires_new": "Territoires entièrement nouveaux",
    "max_epci_per_territoire": "Nombre maximal d'EPCI par territoire",
    "share_intercos_reapplied": "Part des intercommunalités ayant recandidaté",
    "share_phase1_TI_relabelled": "Part des territoires de la phase 1 relabellisés",
    "share_2018_candidates_reapplied_2023": "Part des candidats de 2018 ayant recandidaté en 2023",
    "n_territoires_in_dataset": "Territoires dans le jeu de données",
    "n_projets_identifies": "Projets identifiés",
    "n_projets_finances": "Projets financés",
    "montant_oriente": "Montant orienté vers les projets",
    "n_projets_recenses": "Projets recensés",
    "n_contrats_signes": "Contrats signés",
    "montant_engage": "Montant engagé",
    "montant_engage_BdT": "Montant engagé par la Banque des Territoires",
    "n_projets": "Nombre de projets",
    "n_actions": "Nombre d'actions",
    "n_projets_industriels": "Projets industriels",
    "emplois_attendus": "Emplois attendus",
    "engagement_etat_2019_2022": "Engagement de l'État 2019-2022",
    "enveloppe_annoncee": "Enveloppe annoncée",
    "enveloppe_globale": "Enveloppe globale",
    "objectif_mobilisation": "Objectif de mobilisation",
    "depense_totale_puissance_publique": "Dépense publique totale",
    "engage_etat_operateurs_regions_2019_2022": "Engagé par l'État, les opérateurs et les Régions (2019-2022)",
    "enveloppe_2023": "Enveloppe 2023",
    "budget_annuel": "Budget annuel",
    "enveloppe_fonds_vert_5ans": "Enveloppe Fonds vert sur cinq ans",
    "budget_reduit": "Budget réduit",
    "reserve_foncier_ZAN": "Réserve foncière (ZAN)",
    "credits_P112_FNADT_ANCT_cumul_2020_2022": "Crédits ANCT (programme 112, FNADT), cumul 2020-2022",
    "credits_recurrents_annuels": "Crédits récurrents annuels",
    "n_chefs_de_projet": "Chefs de projet",
    "financement_chefs_de_projet": "Financement des chefs de projet",
    "credits_ANCT_ingenierie": "Crédits d'ingénierie de l'ANCT",
    "n_missions_ingenierie": "Missions d'ingénierie",
    "montant_projets_transition_eco_2024": "Projets exemplaires de transition écologique (2024)",
    "n_territoires_rebond": "Territoires accompagnés par Rebond industriel",
    "amendement_credits_chefs_projet_PLF2026": "Amendement au PLF 2026 : crédits des chefs de projet",
    "periode_programme": "Durée du programme",
    "BdT_fonds_propres_par_an": "Banque des Territoires : fonds propres par an",
    "BdT_investissement_annuel": "Banque des Territoires : investissement annuel",
    "BdT_credit_ingenierie_initial": "Banque des Territoires : crédit d'ingénierie initial",
    "BdT_fonds_propres_par_an_initial": "Banque des Territoires : fonds propres par an (engagement initial)",
    "BdT_contribution_avant": "Banque des Territoires : contribution avant hausse",
    "BdT_contribution_apres": "Banque des Territoires : contribution après hausse",
    "BdT_mobilisation_amenagement_industriel": "Banque des Territoires : foncier et aménagement industriels",
    "BdT_mobilisation_fonds_propres": "Banque des Territoires : fonds propres mobilisés",
    "BdT_mobilisation_prets": "Banque des Territoires : prêts mobilisés",
    "BdT_deja_mobilise_fonds_propres": "Banque des Territoires : fonds propres déjà mobilisés",
    "BdT_deja_mobilise_prets": "Banque des Territoires : prêts déjà mobilisés",
    "BdT_fonds_propres_5ans": "Banque des Territoires : fonds propres sur cinq ans",
    "BdT_investi_5_dernieres_annees": "Banque des Territoires : investi en cinq ans",
    "BdT_n_projets_5_dernieres_annees": "Banque des Territoires : projets en cinq ans",
    "dotation_initiale_etat": "Dotation initiale de l'État",
    "tranche_2020": "Tranche 2020",
    "dotation_2020": "Dotation 2020",
    "n_projets_preselectionnes": "Projets présélectionnés",
    "investissement_preselectionnes": "Investissement des projets présélectionnés",
    "emplois_perspective": "Emplois en perspective",
    "n_projets_soutenus": "Projets soutenus",
    "investissement": "Investissement",
    "aide_etat": "Aide de l'État",
    "emplois_crees": "Emplois créés",
    "n_projets_preidentifies": "Projets préidentifiés",
    "aide_publique": "Aide publique",
    "n_projets_2020": "Projets 2020",
    "investissement_2020": "Investissement 2020",
    "aide": "Aide",
    "emplois_a_creer": "Emplois à créer",
    "emplois_confortes": "Emplois confortés",
    "share_projects_fragile_territories": "Part des projets en territoires fragiles",
    "share_projects_PME_ETI": "Part des projets portés par des PME et ETI",
    "share_projects_outside_TI": "Part des projets hors Territoires d'industrie",
    "apport_regions_initial": "Apport initial des Régions",
    "renfort_mars_2021_total": "Renfort de mars 2021 (total)",
    "renfort_mars_2021_etat": "Renfort de mars 2021 (État)",
    "renfort_mars_2021_regions": "Renfort de mars 2021 (Régions)",
    "renfort_etat_12_regions": "Renfort de l'État pour 12 régions",
    "renfort_etat_corse_om_collectifs": "Renfort de l'État : Corse, outre-mer, projets collectifs",
    "renfort_valable_jusqu_au": "Renfort disponible jusqu'au",
    "renfort_sept_2021": "Renfort de septembre 2021",
    "enveloppe_totale_apres_renfort": "Enveloppe totale après renfort",
    "supplement_plan_relance": "Supplément du plan de relance",
    "n_laureats": "Lauréats",
    "dotation_2024": "Dotation 2024",
    "dotation": "Dotation",
    "dotation_nationale": "Dotation nationale",
    "NA_n_laureats": "Nouvelle-Aquitaine : lauréats",
    "NA_aide_etat": "Nouvelle-Aquitaine : aide de l'État",
    "NA_investissement": "Nouvelle-Aquitaine : investissement",
    "credits_engages": "Crédits engagés",
    "credits_deployes": "Crédits déployés",
    "share_dossiers_TI_enterprises": "Part des dossiers déposés par des entreprises des territoires",
    "share_requests_granted": "Part des montants demandés accordée",
    "subventions_accordees": "Subventions accordées",
    "subventions_demandees": "Subventions demandées",
    "share_net_job_destruction_in_TI": "Part des destructions nettes d'emplois dans les territoires",
    "share_industrial_firms_in_TI": "Part des entreprises industrielles dans les territoires",
    "share_industry_local_employment_TI": "Part de l'industrie dans l'emploi local des territoires",
    "n_TI_metropole_2021": "Territoires en France métropolitaine (2021)",
    "n_TI_HdF_2021": "Territoires en Hauts-de-France (2021)",
    "share_HdF_industrial_jobs_in_TI_2018": "Part des emplois industriels des Hauts-de-France dans les territoires (2018)",
    "share_manufacturing_jobs_metro_2018": "Part de l'emploi manufacturier, France métropolitaine (2018)",
    "share_manufacturing_jobs_metro_2006": "Part de l'emploi manufacturier, France métropolitaine (2006)",
    "industrial_jobs_created_2009_2018_in_124_TI": "Emplois industriels créés 2009-2018 dans les 124 territoires",
    "industrial_employment_France": "Emploi industriel en France",
    "indirect_jobs_per_industrial_job": "Emplois indirects par emploi industriel",
    "share_industrial_employment_outside_metropoles": "Part de l'emploi industriel hors métropoles",
    "douaisis_n_projets": "Douaisis : nombre de projets",
    "dotation_2020_as_published": "Dotation 2020 (telle que publiée)",
    "etat_injecte_depuis_2020": "Apport de l'État depuis 2020",
    "relocalisations_n_laureats": "Appel « (Re)localisations » : lauréats",
    "relocalisations_aide_etat": "Appel « (Re)localisations » : aide de l'État",
    "fonds_vert_total_2024": "Fonds vert 2024 (total)",
    "fonds_vert_total_2025_approx": "Fonds vert 2025 (total approché)",
    "share_local_factors_in_industrial_dynamics": "Poids des facteurs locaux dans la dynamique industrielle",
    "share_TI_engaged": "Part des territoires engagés",
    "share_TI_signed": "Part des territoires ayant signé",
    "n_TI_fragiles_chefs_de_projet_cofinances": "Territoires fragiles aux chefs de projet cofinancés",
    "n_territoires_CVL": "Territoires en Centre-Val de Loire",
    "n_territoires_PdL": "Territoires en Pays de la Loire",
    "n_projets_acceleres_subventionnes": "Projets accélérés subventionnés",
    "n_bassins": "Bassins d'emploi",
    "n_relocalisations": "Relocalisations",
    "share_beneficiaries_agrifood": "Part des bénéficiaires de l'agroalimentaire",
    "financement_moyen_par_projet": "Financement moyen par projet",
    "emplois_crees_avant_2023": "Emplois créés avant 2023",
    "france2030_regionalise_total_regions": "France 2030 régionalisé (toutes régions)",
    "france2030_regionalise_ARA": "France 2030 régionalisé (Auvergne-Rhône-Alpes)",
    "france2030_total": "France 2030 (total)",
    "france2030_ARA_aides": "France 2030 : aides en Auvergne-Rhône-Alpes",
    "france2030_ARA_n_projets": "France 2030 : projets en Auvergne-Rhône-Alpes",
    "france2030_national_engage": "France 2030 : engagé au niveau national",
    "france2030_PACA_aides": "France 2030 : aides en Provence-Alpes-Côte d'Azur",
    "france2030_Bretagne_montant_4ans": "France 2030 : montant en Bretagne sur quatre ans",
}

NOTES_FR = {
    "F001": "liste initiale dévoilée par le Premier ministre",
    "F002": "part du territoire national couverte par les 124 territoires initiaux",
    "F003": "environ la moitié de l'emploi industriel français, dans les 124 territoires initiaux",
    "F006": "141 + 3 nouveaux (Vendée-Est, Lamballe Terre et Mer, Saint-Brieuc Baie d'Armor)",
    "F007": "Auvergne-Rhône-Alpes, région la mieux représentée",
    "F008": "contre 124 identifiés au départ",
    "F009": "part des 144 territoires ayant lancé la démarche ou installé leur gouvernance",
    "F010": "dont environ 110 décrits comme effectifs et dynamiques",
    "F012": "décision du gouvernement de soutenir le déploiement de 50 chefs de projet",
    "F013": "missions d'ingénierie dans les territoires touchés par de forts chocs industriels",
    "F016": "borne basse",
    "F017": "projets issus des territoires",
    "F020": "borne basse ; Hexagone et outre-mer",
    "F023": "description du jeu de données ; programme prolongé en 2022 pour trois ans",
    "F024": "communes associées aux 149 territoires",
    "F025": "phase 1 (2019-2022)",
    "F026": "borne basse",
    "F027": "arrondi",
    "F028": "intercommunalités de la phase 1, citées pour comparaison",
    "F032": "règle des périmètres de la phase 2",
    "F033": "cité par le gouvernement",
    "F034": "près de la moitié des EPCI de France concernés",
    "F035": "part des territoires de la phase 1 candidats et labellisés pour la phase 2",
    "F036": "aussi : la moitié des EPCI couverts",
    "F037": "liste de l'ANCT par commune",
    "F038": "l'article parle de 183 intercommunalités labellisées contre 149 (formulation telle que publiée)",
    "F039": "projets identifiés",
    "F040": "projets ayant obtenu un financement",
    "F041": "montant orienté vers les 231 projets",
    "F043": "territoires ayant contractualisé leur feuille de route",
    "F044": "engagés à ce jour sur 1,36 Md€ ; borne basse",
    "F045": "part des 260 M€",
    "F047": "projets portés par les 149 territoires",
    "F048": "phase 1, citée pour comparaison (au conditionnel : « auraient porté »)",
    "F049": "approximatif",
    "F050": "chiffre du gouvernement : plus de 2 Md€ orientés vers 2 400 projets depuis 2018",
    "F051": "phase 1 2018-2022, sur 149 territoires",
    "F052": "emplois attendus des actions de la phase 1",
    "F053": "annonce du gouvernement pour les 183 territoires",
    "F054": "borne basse",
    "F055": "à orienter en priorité vers les projets des territoires (ingénierie, fonctionnement ou investissement)",
    "F056": "dont 100 M€ par an par la Banque des Territoires",
    "F057": "mobilisable jusqu'à fin 2022",
    "F058": "objectif annoncé au lancement ; selon la Cour des comptes, sans suivi financier",
    "F059": "dépensés par l'État, les Régions et les opérateurs publics ; 75 % des emplois concernés hors "
            "métropoles ; 68 % dans des TPE-ETI",
    "F060": "borne basse",
    "F061": "y compris la généralisation de Rebond industriel",
    "F063": "phase 2, 2023-2027",
    "F064": "sur le Fonds vert ; l'article annonce une forte baisse attendue en 2025",
    "F065": "budget annoncé comme sanctuarisé mais réduit par rapport à 100 M€",
    "F066": "réserve pour les projets industriels dans le cadre du ZAN",
    "F067": "ingénierie et cofinancement des chefs de projet, programme 112, jusqu'en 2022",
    "F068": "qualitatif seulement (aucun chiffre exact dans l'extrait)",
    "F069": "en poste ou en cours de recrutement",
    "F070": "financement mobilisé pour le réseau des chefs de projet",
    "F071": "a financé 17 missions d'ingénierie",
    "F073": "consacrés en 2024 à des projets exemplaires de transition écologique",
    "F074": "territoires accompagnés par des missions Rebond industriel ; 2 encore en cours",
    "F075": "transfert proposé vers le programme 134 pour les chefs de projet des territoires",
    "F076": "4 ans au départ, renouvelé en novembre 2023 pour 4 ans",
    "F077": "plus le cofinancement des études d'ingénierie jusqu'à 50 %",
    "F078": "la Banque des Territoires investit environ 100 M€ par an dans des projets industriels des territoires",
    "F079": "engagement initial en crédits d'ingénierie",
    "F080": "engagement initial en fonds propres (extrait tronqué après la durée)",
    "F081": "contribution de la Banque des Territoires avant la hausse",
    "F082": "contribution de la Banque des Territoires après la hausse",
    "F083": "borne basse ; mobilisation de la Banque des Territoires pour le foncier et l'attractivité industriels",
    "F084": "composante du milliard d'euros et plus",
    "F085": "composante du milliard d'euros et plus",
    "F086": "déjà mobilisés pour l'immobilier et le foncier industriels",
    "F087": "déjà mobilisés",
    "F088": "deux lignes : 600 M€ et 450 M€ (tel que publié)",
    "F092": "première tranche pour 2020 ; dossiers instruits par Bpifrance",
    "F093": "tel qu'indiqué sur la page",
    "F094": "tranche 2020 entièrement engagée",
    "F095": "borne basse",
    "F096": "créations d'emplois prévues",
    "F101": "préidentifiés par l'État et les Régions ; borne basse",
    "F104": "borne basse",
    "F106": "borne basse",
    "F107": "subventions aux 531 entreprises",
    "F108": "emplois industriels directs à créer",
    "F109": "emplois industriels directs confortés",
    "F110": "territoires ruraux, villes moyennes ou QPV",
    "F112": "environ un tiers des projets soutenus sont hors des territoires (tel que publié : « un tiers »)",
    "F113": "apports initiaux des Régions (par exemple Grand Est, PACA)",
    "F114": "157 M€ de l'État + 141,5 M€ des Régions",
    "F116": "fonds propres ou fonds européens gérés par les Régions",
    "F117": "part de l'État pour les 12 régions métropolitaines",
    "F118": "Corse, outre-mer, projets collectifs, territoires vulnérables",
    "F119": "crédits supplémentaires disponibles jusqu'au 1er juin 2021",
    "F120": "redéployés au sein de France Relance",
    "F122": "« depuis le lancement du dispositif » ; périmètre (fonds ou programme) non précisé",
    "F123": "tel que publié ; recoupe les chiffres ANCT298",
    "F124": "lauréats du fonds sur la phase 1",
    "F127": "nouvelle mesure du Fonds vert 2024 (Fonds vert 2024 : 2,5 Md€)",
    "F128": "enveloppe de la mesure telle qu'indiquée en août 2024",
    "F129": "premiers lauréats en Nouvelle-Aquitaine",
    "F132": "crédits engagés",
    "F133": "effectivement déployés, souvent par des dispositifs préexistants",
    "F134": "dossiers créés par des entreprises des territoires, en part du total",
    "F135": "part des montants demandés qui a été accordée",
    "F136": "accordés sur 1 759 M€ demandés",
    "F137": "demandés",
    "F138": "les territoires représentent 71 % des destructions nettes d'emplois 2018-2022 (selon la synthèse ; "
            "champ des emplois non précisé)",
    "F139": "les territoires comptaient 48 % des entreprises industrielles mais plus des deux tiers des projets "
            "bénéficiaires du Fonds d'accélération",
    "F140": "ordre de grandeur de la part de l'industrie dans l'emploi local de ces territoires",
    "F141": "France métropolitaine",
    "F144": "France métropolitaine (2006 : 15,3 %)",
    "F146": "57,6 % des créations d'emplois industriels en France, contre 41,4 % des créations tous secteurs",
    "F147": "12,5 % de la population en emploi",
    "F148": "et 3 emplois induits par emploi industriel (affirmation)",
    "F149": "part de l'emploi industriel dans les territoires périurbains, ruraux et les villes moyennes",
    "F150": "mission Rebond industriel, Douaisis (approximatif)",
    "F151": "tel que publié par ce média ; contredit la tranche 2020 de 150 M€ des pages officielles (BDTFONDS, "
            "DGEBFC) ; inclut probablement des crédits 2021 anticipés en décembre 2020 (voir ECHOS253)",
    "F152": "apport de l'État au fonds depuis 2020 (national), tel qu'indiqué",
    "F153": "septembre 2020 – mars 2021 ; crédits répartis entre régions d'abord selon l'ordre d'arrivée, puis "
            "selon le poids industriel dans le PIB et le nombre de projets candidats ; décisions cosignées par le "
            "préfet et le président de Région après instruction par Bpifrance",
    "F154": "appel « (Re)localisations » de France Relance (non propre aux territoires) : 3,2 Md€ "
            "d'investissement, 846,5 M€ de soutien de l'État, enveloppe portée de 600 à 850 M€",
    "F155": "non propre aux territoires d'industrie",
    "F156": "ensemble du Fonds vert (tous axes), contexte de l'axe Territoires d'industrie",
    "F157": "plus 150 M€ ajoutés au Sénat (ensemble du Fonds vert)",
    "F158": "poids des facteurs territoriaux dans la réussite d'un projet industriel selon les études "
            "économiques ; conditions macroéconomiques environ la moitié ; effet de spécialisation environ "
            "10 % (note 14 du rapport)",
    "F159": "territoires engagés dans la démarche et rédigeant leur plan d'action",
    "F160": "soit 29 territoires ayant signé un protocole ou un contrat ; 65 % finalisent leur plan d'action",
    "F161": "chefs de projet cofinancés sur 2 ans",
    "F162": "Centre-Val de Loire : 9 contrats signés pour 9 territoires",
    "F163": "1 seul des 14 avait signé son contrat",
    "F164": "projets accélérés dans 146 bassins ; subventions de l'État, des opérateurs publics (Ademe, Banque "
            "des Territoires, Bpifrance, Pôle emploi…) et des Régions",
    "F166": "parmi les 1 416 projets",
    "F167": "part des entreprises soutenues ; construction 10 %, énergie 5 %, bois 4 %",
    "F168": "financement moyen par projet",
    "F169": "emplois attendus (titre)",
    "F170": "volet régionalisé de France 2030 pour toutes les régions (non propre aux territoires) ; financé à "
            "parts égales par l'État et la Région ; géré par Bpifrance et la Banque des Territoires",
    "F171": "part de l'Auvergne-Rhône-Alpes",
    "F172": "ensemble du plan France 2030",
    "F173": "Auvergne-Rhône-Alpes : 1 250 projets soutenus, 23 % de l'enveloppe nationale (non propre aux "
            "territoires)",
    "F175": "investis dans plus de 1 700 projets au niveau national ; 56 % des fonds à des bénéficiaires hors "
            "Île-de-France",
    "F176": "101 projets en PACA ; plus 74 M€ de la Région avec Bpifrance et la Banque des Territoires",
    "F177": "420 projets en Bretagne ; volet régionalisé Inno Avenir de 50 M€ (État et Région à parts égales), "
            "ouvert en 2026",
    "R01": "premiers lauréats régionaux (événement à Dijon)",
    "R02": "emplois créés : borne basse (« plus de 850 »)",
    "R03": "10 premiers lauréats régionaux",
    "R04": "29 premiers lauréats régionaux",
    "R05": "premiers lauréats régionaux ; 6 dans les Bouches-du-Rhône",
    "R06": "emplois créés : borne basse",
    "R07": "titre seulement dans l'extrait",
    "R08": "titre seulement dans l'extrait",
    "R09": "33 lauréats en Bretagne dans le cadre du partenariat État-Région (titre)",
    "R10": "investissement : borne basse (« plus de 17 M€ »)",
    "R11": "titre seulement dans l'extrait",
    "R12": "titre seulement dans l'extrait",
    "R13": "décidé en instance régionale des 16 juin et 7 juillet 2021",
    "R14": "emplois créés : borne basse ; 12 des 30 en Picardie",
    "R15": "projets soutenus en Hauts-de-France à cette date",
    "R17": "emplois approximatifs (« près de 2100 »)",
    "R19": "une deuxième vague de 22 porte le total de l'Auvergne-Rhône-Alpes à 65 entreprises",
    "R24": "dont 18 nouveaux en 2021 ; un « soutien global » de 222 M€ est aussi cité (tel que publié, "
           "probablement l'investissement – ambigu) ; emplois créés : borne basse ; maintenus : approximatif",
    "R25": "19 nouveaux + 13 premiers ; l'Île-de-France compte 9 territoires ; emplois : borne basse",
    "R26": "avant la nouvelle vague de 29",
    "R28": "9 des 20 dans des Territoires d'industrie ; emplois approximatifs",
    "R29": "emplois approximatifs (« environ 2300 »)",
    "R30": "emplois créés : borne basse",
    "R31": "10 nouveaux lauréats du fonds (titre) ; la page cite aussi 100 entreprises normandes soutenues par "
           "l'ensemble des appels industrie : 74,3 M€ de subventions + 37,9 M€ d'avances, environ 1 Md€ "
           "d'investissement, plus de 2 000 emplois",
    "R32": "premiers lauréats de la mesure Fonds vert Territoires d'industrie en Nouvelle-Aquitaine",
    "R33": "décompte du programme (tous financeurs), pas seulement le Fonds d'accélération",
    "R34": "nombre record de sites soutenus ; décompte du programme (tous financeurs) – diffère des 32 projets "
           "du Fonds d'accélération d'AFFPAR",
}

SCOPE_LABELS = {"wave": "vague de lauréats", "cumulative": "cumul à date", "regional_envelope": "enveloppe régionale"}


def reference_date_fr(text) -> str:
    """« 2020-10 » → « octobre 2020 »; a year or a period stays as the source gives it."""
    if not isinstance(text, str) or not text:
        return NOT_GIVEN
    return fmt.date_fr(text) if len(text) in (7, 10) and text[4] == "-" else text


def facts_fr(facts: pd.DataFrame) -> pd.DataFrame:
    """French columns for the programme table: date, indicator label, note (or « non renseigné »)."""
    return facts.assign(
        date_fr=facts["reference_date"].map(reference_date_fr),
        indicator_label=facts["indicator"].map(INDICATOR_LABELS),
        note_fr=facts["fact_id"].map(NOTES_FR).fillna(""),  # no precision given: an empty cell
    )


def snapshots_fr(snapshots: pd.DataFrame) -> pd.DataFrame:
    return snapshots.assign(scope=snapshots["scope"].map(SCOPE_LABELS).fillna(snapshots["scope"]),
                            note=snapshots["row_id"].map(NOTES_FR).fillna(""))


def date(value) -> str:
    text = fmt.date_fr(value)
    return NOT_GIVEN if text == fmt.MISSING else text


def count(value) -> str:
    text = fmt.integer(value)
    return NOT_GIVEN if text == fmt.MISSING else text


def millions(value) -> str:
    """An amount in M€ from the snapshots, or « non renseigné » (never « — M€ »)."""
    text = fmt.decimal(value, 1)
    return NOT_GIVEN if text == fmt.MISSING else text + "\u00a0M€"


def leading_zeros_note(series: pd.DataFrame) -> str:
    """The France Relance barometer counts from January 2020, before the plan's first aid: its
    first months are 0 in the source. Says up to when, so that they are not read as missing data
    (nor as a figure of ours)."""
    counted = series.loc[series["value"] > 0, "date"]
    if counted.empty or series["date"].iloc[0] >= counted.iloc[0]:
        return ""
    return (f" Avant le {fmt.date_fr(counted.iloc[0])}, première valeur non nulle, la source compte 0 entreprise "
            "(aucune encore aidée) : ce ne sont pas des données manquantes.")
