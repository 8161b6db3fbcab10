"""Default wording of the fieldwork e-mails, one per kind and language.

This is data (researchers edit the stored copies on the templates page), not interface text,
so it is not run through gettext. Placeholders: {zone}, {contact}, {edition}, {deadline}, {link}.
"""

PLACEHOLDERS = ("zone", "contact", "edition", "deadline", "link")

# To a zone without a contact name, the line of a template that names {contact} becomes this
# neutral greeting (the zone's name is not a person to greet).
NEUTRAL_GREETINGS = {
    "nl": "Geachte heer, mevrouw,",
    "fr": "Madame, Monsieur,",
    "de": "Sehr geehrte Damen und Herren,",
    "en": "Dear Sir or Madam,",
}

DEFAULTS = {
    ("invitation", "nl"): (
        "Uitnodiging: {edition}",
        "Beste {contact},\n\n"
        "Uw politiezone {zone} wordt uitgenodigd om deel te nemen aan de bevraging {edition}.\n"
        "Via deze persoonlijke link maakt u uw account aan en vult u de vragenlijst in:\n\n"
        "{link}\n\n"
        "U kunt antwoorden tot {deadline}. U kunt ook collega's uitnodigen om mee te helpen.\n\n"
        "Met vriendelijke groeten,\nHet onderzoeksteam",
    ),
    ("invitation", "fr"): (
        "Invitation : {edition}",
        "Madame, Monsieur {contact},\n\n"
        "Votre zone de police {zone} est invitée à participer à l'enquête {edition}.\n"
        "Ce lien personnel vous permet de créer votre compte et de remplir le questionnaire :\n\n"
        "{link}\n\n"
        "Vous pouvez répondre jusqu'au {deadline}. Vous pouvez aussi inviter des collègues.\n\n"
        "Avec nos salutations distinguées,\nL'équipe de recherche",
    ),
    ("invitation", "de"): (
        "Einladung: {edition}",
        "Sehr geehrte(r) {contact},\n\n"
        "Ihre Polizeizone {zone} ist eingeladen, an der Umfrage {edition} teilzunehmen.\n"
        "Über diesen persönlichen Link legen Sie Ihr Konto an und füllen den Fragebogen aus:\n\n"
        "{link}\n\n"
        "Sie können bis zum {deadline} antworten. Sie können auch Kollegen einladen.\n\n"
        "Mit freundlichen Grüßen\nDas Forschungsteam",
    ),
    ("invitation", "en"): (
        "Invitation: {edition}",
        "Dear {contact},\n\n"
        "Your police zone {zone} is invited to take part in the survey {edition}.\n"
        "This personal link lets you create your account and fill in the questionnaire:\n\n"
        "{link}\n\n"
        "You can answer until {deadline}. You may also invite colleagues to help.\n\n"
        "Kind regards,\nThe research team",
    ),
    ("reminder", "nl"): (
        "Herinnering: {edition}",
        "Beste {contact},\n\n"
        "We hebben de antwoorden van politiezone {zone} op de bevraging {edition} nog niet "
        "volledig ontvangen. U kunt nog antwoorden tot {deadline}:\n\n{link}\n\n"
        "Met vriendelijke groeten,\nHet onderzoeksteam",
    ),
    ("reminder", "fr"): (
        "Rappel : {edition}",
        "Madame, Monsieur {contact},\n\n"
        "Nous n'avons pas encore reçu toutes les réponses de la zone de police {zone} à "
        "l'enquête {edition}. Vous pouvez encore répondre jusqu'au {deadline} :\n\n{link}\n\n"
        "Avec nos salutations distinguées,\nL'équipe de recherche",
    ),
    ("reminder", "de"): (
        "Erinnerung: {edition}",
        "Sehr geehrte(r) {contact},\n\n"
        "Wir haben die Antworten der Polizeizone {zone} auf die Umfrage {edition} noch nicht "
        "vollständig erhalten. Sie können noch bis zum {deadline} antworten:\n\n{link}\n\n"
        "Mit freundlichen Grüßen\nDas Forschungsteam",
    ),
    ("reminder", "en"): (
        "Reminder: {edition}",
        "Dear {contact},\n\n"
        "We have not yet received all answers of police zone {zone} to the survey {edition}. "
        "You can still answer until {deadline}:\n\n{link}\n\n"
        "Kind regards,\nThe research team",
    ),
}
