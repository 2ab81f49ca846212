<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>AccountsModel</name>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Publishes to</source>
        <translation>Publie sur</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <source>Publishing accounts</source>
        <translation>Comptes de publication</translation>
    </message>
    <message>
        <source>Add account…</source>
        <translation>Ajouter un compte…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Secrets are kept only in the OS keyring ({backend}).</source>
        <translation>Les secrets sont conservés uniquement dans le trousseau du système ({backend}).</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>{name} ajouté.</translation>
    </message>
    <message>
        <source>Testing {name}…</source>
        <translation>Test de {name}…</translation>
    </message>
    <message>
        <source>{name} works: signed in as {handle}.</source>
        <translation>{name} fonctionne : connecté en tant que {handle}.</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>Retirer le compte</translation>
    </message>
    <message>
        <source>Remove {name} and delete its secret from the keyring? Posts already sent stay as they are.</source>
        <translation>Retirer {name} et supprimer son secret du trousseau ? Les publications déjà envoyées restent telles quelles.</translation>
    </message>
</context>
<context>
    <name>AccountsPicker</name>
    <message>
        <source>No account serves these platforms yet: add one in Settings ▸ Accounts.</source>
        <translation>Aucun compte ne publie encore sur ces plateformes : ajoutez-en un dans Paramètres ▸ Comptes.</translation>
    </message>
    <message>
        <source>No publishing accounts yet: add them in Settings ▸ Accounts.</source>
        <translation>Aucun compte de publication pour l’instant : ajoutez-en dans Paramètres ▸ Comptes.</translation>
    </message>
</context>
<context>
    <name>ActivityWidget</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source> (+{n} more)</source>
        <translation> (+{n} de plus)</translation>
    </message>
</context>
<context>
    <name>AddAccountDialog</name>
    <message>
        <source>Add a publishing account</source>
        <translation>Ajouter un compte de publication</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>e.g. maridia-bsky</source>
        <translation>ex. maridia-bsky</translation>
    </message>
    <message>
        <source>Account name</source>
        <translation>Nom du compte</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>ar, fr, en…</source>
        <translation>ar, fr, en…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>one KEY=VALUE per line, e.g. chat_id=@channel</source>
        <translation>une CLÉ=VALEUR par ligne, ex. chat_id=@channel</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>leave empty to sign in with the browser</source>
        <translation>laisser vide pour se connecter avec le navigateur</translation>
    </message>
    <message>
        <source>required</source>
        <translation>obligatoire</translation>
    </message>
</context>
<context>
    <name>AddMediaDialog</name>
    <message>
        <source>Add from Library</source>
        <translation>Ajouter depuis la médiathèque</translation>
    </message>
    <message>
        <source>Filter by title or file name</source>
        <translation>Filtrer par titre ou nom de fichier</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Heritage Studio</source>
        <translation>Heritage Studio</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>CalendarPanel</name>
    <message>
        <source>Calendar</source>
        <translation>Calendrier</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semaine</translation>
    </message>
    <message>
        <source>Drag a post to another day to reschedule it.</source>
        <translation>Faites glisser une publication vers un autre jour pour la reprogrammer.</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>Non programmées</translation>
    </message>
    <message>
        <source>All campaigns</source>
        <translation>Toutes les campagnes</translation>
    </message>
    <message>
        <source>A published post stays on the day it went out.</source>
        <translation>Une publication déjà publiée reste au jour de sa parution.</translation>
    </message>
    <message>
        <source>Reschedule a reviewed post?</source>
        <translation>Reprogrammer une publication relue ?</translation>
    </message>
    <message>
        <source>“{title}” is {state}. Its date is part of what the approvers signed, so moving it to {day} sends it back to Draft: it must be submitted and approved again before it can be published.

Move it anyway?</source>
        <translation>« {title} » est à l&apos;état {state}. Sa date fait partie de ce que les approbateurs ont signé : la déplacer au {day} la renvoie en Brouillon ; elle devra être soumise et approuvée de nouveau avant de pouvoir être publiée.

La déplacer quand même ?</translation>
    </message>
    <message>
        <source>“{title}” moved to {day}.</source>
        <translation>« {title} » déplacée au {day}.</translation>
    </message>
</context>
<context>
    <name>CaptionArea</name>
    <message>
        <source>Version for</source>
        <translation>Version pour</translation>
    </message>
    <message>
        <source>Write a different caption for one platform</source>
        <translation>Écrire une légende différente pour une plateforme</translation>
    </message>
    <message>
        <source>Use the main caption</source>
        <translation>Utiliser la légende principale</translation>
    </message>
    <message>
        <source>Remove this platform&apos;s own text for this language</source>
        <translation>Supprimer le texte propre à cette plateforme pour cette langue</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>Toutes les plateformes</translation>
    </message>
    <message>
        <source>The captions every platform gets.</source>
        <translation>Les légendes que reçoit chaque plateforme.</translation>
    </message>
    <message>
        <source>{platform} gets one text for all languages.</source>
        <translation>{platform} reçoit un seul texte pour toutes les langues.</translation>
    </message>
    <message>
        <source>{platform} uses the main captions.</source>
        <translation>{platform} utilise les légendes principales.</translation>
    </message>
    <message>
        <source>{platform} gets its own text in {language}.</source>
        <translation>{platform} reçoit son propre texte en {language}.</translation>
    </message>
    <message>
        <source>{platform} uses the main caption in {language}.</source>
        <translation>{platform} utilise la légende principale en {language}.</translation>
    </message>
</context>
<context>
    <name>CaptionEdit</name>
    <message>
        <source>Caption in {language}…</source>
        <translation>Légende en {language}…</translation>
    </message>
</context>
<context>
    <name>CaptionTabs</name>
    <message>
        <source>Right to left</source>
        <translation>De droite à gauche</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
</context>
<context>
    <name>ChipBar</name>
    <message>
        <source>Choose target platforms to see how each one counts.</source>
        <translation>Choisissez des plateformes cibles pour voir comment chacune compte.</translation>
    </message>
    <message>
        <source>{name} counts {length} {unit}; the limit is {limit}.</source>
        <translation>{name} compte {length} {unit} ; la limite est {limit}.</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Typing in {language}</source>
        <translation>Saisie en {language}</translation>
    </message>
</context>
<context>
    <name>ComposerPanel</name>
    <message>
        <source>Posts</source>
        <translation>Publications</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>Nouvelle publication</translation>
    </message>
    <message>
        <source>Create a post (Ctrl+N)</source>
        <translation>Créer une publication (Ctrl+N)</translation>
    </message>
    <message>
        <source>Filter posts by title…</source>
        <translation>Filtrer les publications par titre…</translation>
    </message>
    <message>
        <source>Untitled post</source>
        <translation>Publication sans titre</translation>
    </message>
    <message>
        <source>New post created.</source>
        <translation>Nouvelle publication créée.</translation>
    </message>
</context>
<context>
    <name>CropCard</name>
    <message>
        <source>Auto ({aspect})</source>
        <translation>Auto ({aspect})</translation>
    </message>
    <message>
        <source>{platform} takes no photos here.</source>
        <translation>{platform} n&apos;accepte pas de photos ici.</translation>
    </message>
    <message>
        <source>{platform} takes no videos here.</source>
        <translation>{platform} n&apos;accepte pas de vidéos ici.</translation>
    </message>
    <message>
        <source>{platform} gets the {aspect} frame</source>
        <translation>{platform} reçoit le cadrage {aspect}</translation>
    </message>
</context>
<context>
    <name>FindingsList</name>
    <message>
        <source>Checks</source>
        <translation>Vérifications</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>Toutes les plateformes</translation>
    </message>
    <message>
        <source>{severity} · {code} · click to go to {field}</source>
        <translation>{severity} · {code} · cliquez pour aller à {field}</translation>
    </message>
    <message>
        <source>✓ Ready for every chosen platform.</source>
        <translation>✓ Prêt pour toutes les plateformes choisies.</translation>
    </message>
    <message>
        <source>{i} note(s) below.</source>
        <translation>{i} remarque(s) ci-dessous.</translation>
    </message>
    <message>
        <source>{e} error(s) · {w} warning(s) · {i} note(s)</source>
        <translation>{e} erreur(s) · {w} avertissement(s) · {i} remarque(s)</translation>
    </message>
</context>
<context>
    <name>FocalPreview</name>
    <message>
        <source>Click the most important spot: crops for each platform keep it.</source>
        <translation>Cliquez sur le point le plus important : les recadrages de chaque plateforme le conservent.</translation>
    </message>
</context>
<context>
    <name>HistoryTree</name>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>Tour</translation>
    </message>
    <message>
        <source>Counts?</source>
        <translation>Compte ?</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
</context>
<context>
    <name>KitPicker</name>
    <message>
        <source>No brand kit</source>
        <translation>Aucune charte graphique</translation>
    </message>
    <message>
        <source>{kit} (broken)</source>
        <translation>{kit} (défectueuse)</translation>
    </message>
    <message>
        <source>{kit} (not found)</source>
        <translation>{kit} (introuvable)</translation>
    </message>
    <message>
        <source>No kit with this id is installed.</source>
        <translation>Aucune charte graphique installée ne porte cet identifiant.</translation>
    </message>
</context>
<context>
    <name>Library</name>
    <message>
        <source>Video</source>
        <translation>Vidéo</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>{seconds:.1f} s</source>
        <translation>{seconds:.1f} s</translation>
    </message>
    <message>
        <source>{n:.1f} MB</source>
        <translation>{n:.1f} Mo</translation>
    </message>
    <message>
        <source>{n:.0f} KB</source>
        <translation>{n:.0f} Ko</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Library</source>
        <translation>Médiathèque</translation>
    </message>
    <message>
        <source>Search titles, credits, tags, alt text…</source>
        <translation>Rechercher titres, crédits, mots-clés, textes alternatifs…</translation>
    </message>
    <message>
        <source>All media</source>
        <translation>Tous les médias</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Vidéos</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <source>Import photos and videos (Ctrl+I)</source>
        <translation>Importer des photos et des vidéos (Ctrl+I)</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>Importer des fichiers…</translation>
    </message>
    <message>
        <source>Import a folder…</source>
        <translation>Importer un dossier…</translation>
    </message>
    <message>
        <source>Nothing matches this search.</source>
        <translation>Aucun résultat pour cette recherche.</translation>
    </message>
    <message>
        <source>No media yet.
Drop photos, videos or folders here, or click Import…</source>
        <translation>Aucun média pour l&apos;instant.
Déposez ici des photos, des vidéos ou des dossiers, ou cliquez sur Importer…</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} éléments</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Non enregistré : {reason}</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Importer un dossier</translation>
    </message>
    <message>
        <source>Import photos and videos</source>
        <translation>Importer des photos et des vidéos</translation>
    </message>
    <message>
        <source>Photos and videos ({patterns})</source>
        <translation>Photos et vidéos ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Preparing the import…</source>
        <translation>Préparation de l&apos;import…</translation>
    </message>
    <message>
        <source>Importing {i} of {n}: {name}</source>
        <translation>Import {i} sur {n} : {name}</translation>
    </message>
    <message>
        <source>Importing media</source>
        <translation>Import des médias</translation>
    </message>
    <message>
        <source>Imported {n} file(s).</source>
        <translation>{n} fichier(s) importé(s).</translation>
    </message>
    <message>
        <source>{n} already in the library.</source>
        <translation>{n} déjà dans la médiathèque.</translation>
    </message>
    <message>
        <source>{n} could not be imported:</source>
        <translation>{n} n&apos;ont pas pu être importés :</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>Import annulé.</translation>
    </message>
    <message>
        <source>The import stopped: {reason}</source>
        <translation>L&apos;import s&apos;est arrêté : {reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Heritage Studio</source>
        <translation>Heritage Studio</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Médiathèque</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>Rédaction</translation>
    </message>
    <message>
        <source>Previews</source>
        <translation>Aperçus</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Validation</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Calendrier</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Boîte d&apos;envoi</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>Publishing is paused: {reason} (by {who}). Open the Outbox to resume.</source>
        <translation>La publication est suspendue : {reason} (par {who}). Ouvrez la boîte d&apos;envoi pour la reprendre.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Import files…</source>
        <translation>&amp;Importer des fichiers…</translation>
    </message>
    <message>
        <source>Import a &amp;folder…</source>
        <translation>Importer un &amp;dossier…</translation>
    </message>
    <message>
        <source>&amp;New post</source>
        <translation>&amp;Nouvelle publication</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;Welcome</source>
        <translation>&amp;Bienvenue</translation>
    </message>
    <message>
        <source>&amp;About Heritage Studio</source>
        <translation>À &amp;propos de Heritage Studio</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Paramètres enregistrés.</translation>
    </message>
    <message>
        <source>About Heritage Studio</source>
        <translation>À propos de Heritage Studio</translation>
    </message>
    <message>
        <source>Heritage Studio {version}
Compose, check, approve and publish heritage showcases in Arabic, French and English.</source>
        <translation>Heritage Studio {version}
Rédigez, vérifiez, faites valider et publiez des vitrines du patrimoine en arabe, en français et en anglais.</translation>
    </message>
    <message>
        <source>Preparing the sample heritage showcase (photos, a video and three posts) so you can try the studio…</source>
        <translation>Préparation de la vitrine patrimoniale d&apos;exemple (photos, une vidéo et trois publications) pour découvrir le studio…</translation>
    </message>
    <message>
        <source>The sample showcase is ready: {m} photos and videos, {p} posts.</source>
        <translation>La vitrine d&apos;exemple est prête : {m} photos et vidéos, {p} publications.</translation>
    </message>
    <message>
        <source>The sample showcase could not be prepared: {reason}</source>
        <translation>La vitrine d&apos;exemple n&apos;a pas pu être préparée : {reason}</translation>
    </message>
    <message>
        <source>Preparing the sample</source>
        <translation>Préparation de l&apos;exemple</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
</context>
<context>
    <name>MediaDetails</name>
    <message>
        <source>Select a photo or video to describe it.</source>
        <translation>Sélectionnez une photo ou une vidéo pour la décrire.</translation>
    </message>
    <message>
        <source>Click the picture to set its focal point.</source>
        <translation>Cliquez sur l&apos;image pour définir son point focal.</translation>
    </message>
    <message>
        <source>⚠ This file contains location (GPS) metadata. The studio removes it from published files, but the original in the library keeps it: do not share the original outside the studio.</source>
        <translation>⚠ Ce fichier contient des métadonnées de localisation (GPS). Le studio les retire des fichiers publiés, mais l&apos;original de la médiathèque les conserve : ne partagez pas l&apos;original hors du studio.</translation>
    </message>
    <message>
        <source>Photographer / institution</source>
        <translation>Photographe / institution</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. mosaic, medina</source>
        <translation>Séparés par des virgules, ex. mosaïque, médina</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Crédit</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <source>Alt text (describe the image for people who cannot see it)</source>
        <translation>Texte alternatif (décrivez l&apos;image pour les personnes qui ne peuvent pas la voir)</translation>
    </message>
    <message>
        <source>Alt text in {language}</source>
        <translation>Texte alternatif en {language}</translation>
    </message>
    <message>
        <source>Captured {when}</source>
        <translation>Prise le {when}</translation>
    </message>
</context>
<context>
    <name>MediaGrid</name>
    <message>
        <source>Drop to import into the library</source>
        <translation>Déposez pour importer dans la médiathèque</translation>
    </message>
</context>
<context>
    <name>MediaSection</name>
    <message>
        <source>Add from Library…</source>
        <translation>Ajouter depuis la médiathèque…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Remove the selected item from this post</source>
        <translation>Retirer l&apos;élément sélectionné de cette publication</translation>
    </message>
    <message>
        <source>Move earlier</source>
        <translation>Avancer</translation>
    </message>
    <message>
        <source>Move later</source>
        <translation>Reculer</translation>
    </message>
    <message>
        <source>Or drag thumbnails.</source>
        <translation>Ou faites glisser les vignettes.</translation>
    </message>
    <message>
        <source>Crop per platform</source>
        <translation>Cadrage par plateforme</translation>
    </message>
    <message>
        <source>Trim</source>
        <translation>Découpe</translation>
    </message>
    <message>
        <source>Reorder media</source>
        <translation>Réordonner les médias</translation>
    </message>
    <message>
        <source>Add media</source>
        <translation>Ajouter des médias</translation>
    </message>
    <message>
        <source>Remove media</source>
        <translation>Retirer un média</translation>
    </message>
    <message>
        <source>Change crop</source>
        <translation>Changer le cadrage</translation>
    </message>
    <message>
        <source>Change trim</source>
        <translation>Changer la découpe</translation>
    </message>
</context>
<context>
    <name>MediaStrip</name>
    <message>
        <source>{n}. missing</source>
        <translation>{n}. manquant</translation>
    </message>
    <message>
        <source>This library item no longer exists.</source>
        <translation>Cet élément de la médiathèque n&apos;existe plus.</translation>
    </message>
    <message>
        <source>No media yet</source>
        <translation>Aucun média pour l&apos;instant</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Publication</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plateforme</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>Scheduled / next try</source>
        <translation>Programmée / prochain essai</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Envoi</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Needs checking</source>
        <translation>À vérifier</translation>
    </message>
    <message>
        <source>Held (late)</source>
        <translation>Retenue (en retard)</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>envoyée</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <source>Outbox</source>
        <translation>Boîte d&apos;envoi</translation>
    </message>
    <message>
        <source>Pause all publishing</source>
        <translation>Suspendre toute publication</translation>
    </message>
    <message>
        <source>Stops every delivery at once, here and in every other window or command</source>
        <translation>Arrête immédiatement toutes les livraisons, ici et dans toute autre fenêtre ou commande</translation>
    </message>
    <message>
        <source>Resume publishing</source>
        <translation>Reprendre la publication</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Envoyer maintenant</translation>
    </message>
    <message>
        <source>A late delivery held for confirmation goes out</source>
        <translation>Une livraison en retard retenue pour confirmation part</translation>
    </message>
    <message>
        <source>It was posted…</source>
        <translation>Elle a été publiée…</translation>
    </message>
    <message>
        <source>It was not posted</source>
        <translation>Elle n&apos;a pas été publiée</translation>
    </message>
    <message>
        <source>Open post</source>
        <translation>Ouvrir la publication</translation>
    </message>
    <message>
        <source>The outbox stopped sending: {error}</source>
        <translation>La boîte d&apos;envoi a cessé d&apos;envoyer : {error}</translation>
    </message>
    <message>
        <source>Publishing is paused by {who} since {when}: {reason}</source>
        <translation>Publication suspendue par {who} depuis {when} : {reason}</translation>
    </message>
    <message>
        <source>Nothing will be sent, from any window or command, until someone resumes.
Why are you pausing? (kept in the audit trail)</source>
        <translation>Rien ne sera envoyé, depuis aucune fenêtre ni commande, tant que personne ne reprend.
Pourquoi mettez-vous en pause ? (conservé dans le journal d&apos;audit)</translation>
    </message>
    <message>
        <source>Deliveries that are due will start going out again. Resume?</source>
        <translation>Les livraisons arrivées à échéance recommenceront à partir. Reprendre ?</translation>
    </message>
    <message>
        <source>It was posted</source>
        <translation>Elle a été publiée</translation>
    </message>
    <message>
        <source>Link to the post you found on {account} (optional):</source>
        <translation>Lien vers la publication trouvée sur {account} (facultatif) :</translation>
    </message>
</context>
<context>
    <name>PlatformCaptionTabs</name>
    <message>
        <source>All languages</source>
        <translation>Toutes les langues</translation>
    </message>
    <message>
        <source>One text for this platform, in place of every language&apos;s caption</source>
        <translation>Un seul texte pour cette plateforme, à la place de la légende de chaque langue</translation>
    </message>
    <message>
        <source>Typing {platform}&apos;s version in {language}</source>
        <translation>Saisie de la version {platform} en {language}</translation>
    </message>
    <message>
        <source>No main caption in {language}: write it under “All platforms” first.</source>
        <translation>Pas de légende principale en {language} : écrivez-la d’abord dans « Toutes les plateformes ».</translation>
    </message>
</context>
<context>
    <name>PostDelegate</name>
    <message>
        <source>{n} platform(s)</source>
        <translation>{n} plateforme(s)</translation>
    </message>
    <message>
        <source>{n} media</source>
        <translation>{n} média(s)</translation>
    </message>
</context>
<context>
    <name>PostEditor</name>
    <message>
        <source>Post title</source>
        <translation>Titre de la publication</translation>
    </message>
    <message>
        <source>Brand kit</source>
        <translation>Charte graphique</translation>
    </message>
    <message>
        <source>Hashtags</source>
        <translation>Hashtags</translation>
    </message>
    <message>
        <source>#HeritageWeek #Mosaic</source>
        <translation>#SemaineDuPatrimoine #Mosaïque</translation>
    </message>
    <message>
        <source>Publish to</source>
        <translation>Publier sur</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Médias</translation>
    </message>
    <message>
        <source>✓ Saved</source>
        <translation>✓ Enregistré</translation>
    </message>
    <message>
        <source>● Unsaved changes</source>
        <translation>● Modifications non enregistrées</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Non enregistré</translation>
    </message>
    <message>
        <source>Add {platform}</source>
        <translation>Ajouter {platform}</translation>
    </message>
    <message>
        <source>Remove {platform}</source>
        <translation>Retirer {platform}</translation>
    </message>
    <message>
        <source>Change accounts</source>
        <translation>Modifier les comptes</translation>
    </message>
    <message>
        <source>Change brand kit</source>
        <translation>Changer de charte graphique</translation>
    </message>
</context>
<context>
    <name>PostState</name>
    <message>
        <source>Draft</source>
        <translation>Brouillon</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>En relecture</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>Modifications demandées</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvé</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programmé</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Publié</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Retiré</translation>
    </message>
</context>
<context>
    <name>Previews</name>
    <message>
        <source>{platform} · Story</source>
        <translation>{platform} · Story</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>Afficher plus</translation>
    </message>
    <message>
        <source>more</source>
        <translation>plus</translation>
    </message>
    <message>
        <source>See more</source>
        <translation>Voir plus</translation>
    </message>
    <message>
        <source>see more</source>
        <translation>voir plus</translation>
    </message>
</context>
<context>
    <name>PreviewsPanel</name>
    <message>
        <source>Previews</source>
        <translation>Aperçus</translation>
    </message>
    <message>
        <source>Choose a post in the Composer to preview it here.</source>
        <translation>Choisissez une publication dans la Rédaction pour la prévisualiser ici.</translation>
    </message>
    <message>
        <source>Choose platforms in the Composer to see their previews.</source>
        <translation>Choisissez des plateformes dans la Rédaction pour voir leurs aperçus.</translation>
    </message>
    <message>
        <source>Your account</source>
        <translation>Votre compte</translation>
    </message>
    <message>
        <source>The preview could not be rendered.</source>
        <translation>L&apos;aperçu n&apos;a pas pu être produit.</translation>
    </message>
    <message>
        <source>Rendering {n} preview(s)…</source>
        <translation>Rendu de {n} aperçu(s)…</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>À jour</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Submitted</source>
        <translation>Soumise</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvé</translation>
    </message>
    <message>
        <source>Changes requested</source>
        <translation>Modifications demandées</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Valide</translation>
    </message>
    <message>
        <source>Superseded</source>
        <translation>Remplacée</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Invalide</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Review</source>
        <translation>Validation</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approbations</translation>
    </message>
    <message>
        <source>Review round</source>
        <translation>Tour de relecture</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Contenu</translation>
    </message>
    <message>
        <source>You are</source>
        <translation>Vous êtes</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>What the author should know (required to request changes)</source>
        <translation>Ce que l&apos;auteur doit savoir (obligatoire pour demander des modifications)</translation>
    </message>
    <message>
        <source>Submit for review</source>
        <translation>Soumettre à validation</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Request changes</source>
        <translation>Demander des modifications</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>Publier</translation>
    </message>
    <message>
        <source>Queue the approved post for its accounts; the Outbox sends it</source>
        <translation>Mettre la publication validée en file pour ses comptes ; la boîte d&apos;envoi l&apos;envoie</translation>
    </message>
    <message>
        <source>Export review pack…</source>
        <translation>Exporter le dossier de relecture…</translation>
    </message>
    <message>
        <source>A signed .zip for an approver who is not on this computer</source>
        <translation>Un .zip signé pour un approbateur qui n&apos;est pas sur cet ordinateur</translation>
    </message>
    <message>
        <source>Export brief (DOCX)…</source>
        <translation>Exporter la note (DOCX)…</translation>
    </message>
    <message>
        <source>Import decision…</source>
        <translation>Importer une décision…</translation>
    </message>
    <message>
        <source>Approval history</source>
        <translation>Historique des validations</translation>
    </message>
    <message>
        <source>Checking the content…</source>
        <translation>Vérification du contenu…</translation>
    </message>
    <message>
        <source>Submitted for review.</source>
        <translation>Soumise à validation.</translation>
    </message>
    <message>
        <source>Your approval is signed.</source>
        <translation>Votre approbation est signée.</translation>
    </message>
    <message>
        <source>Write in the comment box what should change, then request changes.</source>
        <translation>Indiquez dans le commentaire ce qui doit changer, puis demandez les modifications.</translation>
    </message>
    <message>
        <source>Changes requested; the author sees your comment.</source>
        <translation>Modifications demandées ; l&apos;auteur voit votre commentaire.</translation>
    </message>
    <message>
        <source>Queued {n} deliveries: follow them in the Outbox.</source>
        <translation>{n} envois mis en file : suivez-les dans la boîte d&apos;envoi.</translation>
    </message>
    <message>
        <source>Export review pack</source>
        <translation>Exporter le dossier de relecture</translation>
    </message>
    <message>
        <source>Review pack written: {path} ({n} files).</source>
        <translation>Dossier de relecture écrit : {path} ({n} fichiers).</translation>
    </message>
    <message>
        <source>Exporting the review pack</source>
        <translation>Export du dossier de relecture</translation>
    </message>
    <message>
        <source>Export brief</source>
        <translation>Exporter la note</translation>
    </message>
    <message>
        <source>Brief written: {path}</source>
        <translation>Note écrite : {path}</translation>
    </message>
    <message>
        <source>Writing the brief</source>
        <translation>Rédaction de la note</translation>
    </message>
    <message>
        <source>Import a decision</source>
        <translation>Importer une décision</translation>
    </message>
    <message>
        <source>Decisions (*.json);;All files (*)</source>
        <translation>Décisions (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Decision imported and applied.</source>
        <translation>Décision importée et appliquée.</translation>
    </message>
    <message>
        <source>This decision was already imported.</source>
        <translation>Cette décision a déjà été importée.</translation>
    </message>
    <message>
        <source>Importing the decision</source>
        <translation>Import de la décision</translation>
    </message>
    <message>
        <source>Choose a post in the Composer to review it.</source>
        <translation>Choisissez une publication dans la Rédaction pour la relire.</translation>
    </message>
    <message>
        <source>{valid} of {needed} valid approvals</source>
        <translation>{valid} approbation(s) valide(s) sur {needed}</translation>
    </message>
    <message>
        <source>Round {n}, submitted by {who} on {when}</source>
        <translation>Tour {n}, soumis par {who} le {when}</translation>
    </message>
    <message>
        <source>Not submitted yet</source>
        <translation>Pas encore soumise</translation>
    </message>
    <message>
        <source>(as submitted)</source>
        <translation>(telle que soumise)</translation>
    </message>
    <message>
        <source>(changed since submitted)</source>
        <translation>(modifiée depuis la soumission)</translation>
    </message>
    <message>
        <source>{name} (not a user of this workspace: ask an approver to add you)</source>
        <translation>{name} (pas un utilisateur de cet espace de travail : demandez à un approbateur de vous ajouter)</translation>
    </message>
    <message>
        <source>approver</source>
        <translation>approbateur</translation>
    </message>
    <message>
        <source>author</source>
        <translation>auteur</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Takes effect the next time the studio starts.</source>
        <translation>Prend effet au prochain démarrage du studio.</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Langue de l&apos;interface</translation>
    </message>
    <message>
        <source>Only the workspace&apos;s and the bundled kits</source>
        <translation>Seulement les chartes de l&apos;espace de travail et celles fournies</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Brand kits folder</source>
        <translation>Dossier des chartes graphiques</translation>
    </message>
    <message>
        <source>No brand kit</source>
        <translation>Aucune charte graphique</translation>
    </message>
    <message>
        <source>{kit} (not found)</source>
        <translation>{kit} (introuvable)</translation>
    </message>
    <message>
        <source>New posts use the kit</source>
        <translation>Charte des nouvelles publications</translation>
    </message>
    <message>
        <source>New posts publish to</source>
        <translation>Les nouvelles publications vont sur</translation>
    </message>
    <message>
        <source>Reset window layout</source>
        <translation>Réinitialiser la disposition de la fenêtre</translation>
    </message>
    <message>
        <source>Window size, splitters and the last screen go back to their defaults.</source>
        <translation>La taille de la fenêtre, les séparateurs et le dernier écran reviennent à leurs valeurs par défaut.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <source>The default layout returns at the next start</source>
        <translation>La disposition par défaut revient au prochain démarrage</translation>
    </message>
    <message>
        <source>{path} is not a folder: choose an existing folder or clear the field.</source>
        <translation>{path} n&apos;est pas un dossier : choisissez un dossier existant ou videz le champ.</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>{n:.0f} s</source>
        <translation>{n:.0f} s</translation>
    </message>
</context>
<context>
    <name>TrimEditor</name>
    <message>
        <source>Play</source>
        <translation>Lire</translation>
    </message>
    <message>
        <source>Set in</source>
        <translation>Début ici</translation>
    </message>
    <message>
        <source>Start the published video at the playhead</source>
        <translation>Faire commencer la vidéo publiée à la tête de lecture</translation>
    </message>
    <message>
        <source>Set out</source>
        <translation>Fin ici</translation>
    </message>
    <message>
        <source>End the published video at the playhead</source>
        <translation>Faire finir la vidéo publiée à la tête de lecture</translation>
    </message>
    <message>
        <source>In point</source>
        <translation>Point d&apos;entrée</translation>
    </message>
    <message>
        <source>Out point</source>
        <translation>Point de sortie</translation>
    </message>
    <message>
        <source>Whole video</source>
        <translation>Vidéo entière</translation>
    </message>
    <message>
        <source>Remove the trim and publish the whole video</source>
        <translation>Supprimer la découpe et publier la vidéo entière</translation>
    </message>
    <message>
        <source>no multimedia backend</source>
        <translation>aucun moteur multimédia</translation>
    </message>
    <message>
        <source>The video player is unavailable ({reason}). In and out points still work: type them or use the slider. Installing the system&apos;s PulseAudio library (libpulse0) usually fixes this.</source>
        <translation>Le lecteur vidéo n&apos;est pas disponible ({reason}). Les points d&apos;entrée et de sortie fonctionnent toujours : saisissez-les ou utilisez le curseur. Installer la bibliothèque PulseAudio du système (libpulse0) règle généralement le problème.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>The out point must be after the in point.</source>
        <translation>Le point de sortie doit être après le point d&apos;entrée.</translation>
    </message>
    <message>
        <source>Trimmed length: {length} of {total}</source>
        <translation>Durée découpée : {length} sur {total}</translation>
    </message>
    <message>
        <source>{platform}: fits</source>
        <translation>{platform} : convient</translation>
    </message>
    <message>
        <source>{platform}: too long (up to {limit})</source>
        <translation>{platform} : trop long (jusqu&apos;à {limit})</translation>
    </message>
    <message>
        <source>{platform}: too short (at least {limit})</source>
        <translation>{platform} : trop court (au moins {limit})</translation>
    </message>
</context>
<context>
    <name>WelcomeOverlay</name>
    <message>
        <source>Welcome to Heritage Studio</source>
        <translation>Bienvenue dans Heritage Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;Library&lt;/b&gt; holds your photos and videos with their credit, licence and alt text in Arabic, French and English. Drop files on it to import them.</source>
        <translation>La &lt;b&gt;Médiathèque&lt;/b&gt; réunit vos photos et vidéos avec leur crédit, leur licence et leur texte alternatif en arabe, en français et en anglais. Déposez-y des fichiers pour les importer.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Composer&lt;/b&gt; is where you write a post once, with captions in each language, and see live how every platform counts it and what to fix.</source>
        <translation>La &lt;b&gt;Rédaction&lt;/b&gt; permet d&apos;écrire une publication une seule fois, avec une légende par langue, et de voir en direct comment chaque plateforme la compte et ce qu&apos;il faut corriger.</translation>
    </message>
    <message>
        <source>Everything is saved as you type. A sample heritage showcase is loaded so you can try things out; edit or delete it freely.</source>
        <translation>Tout est enregistré au fil de la saisie. Une vitrine patrimoniale d&apos;exemple est chargée pour vous permettre d&apos;essayer ; modifiez-la ou supprimez-la librement.</translation>
    </message>
    <message>
        <source>Get started</source>
        <translation>Commencer</translation>
    </message>
</context>
</TS>
