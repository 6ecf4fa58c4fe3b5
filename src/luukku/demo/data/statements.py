"""Koivula's accessibility statement (Act 306/2019, sections 15 and 16) and privacy notice
(GDPR articles 13 and 14), in Finnish, Swedish and English."""

from . import T

ACCESSIBILITY_STATEMENT = T(
    """Saavutettavuusseloste

Tämä saavutettavuusseloste koskee Koivulan kaupungin asiointipalvelua osoitteessa asiointi.koivula.example. Koivulan kaupunki pyrkii takaamaan palvelun saavutettavuuden lain digitaalisten palvelujen tarjoamisesta (306/2019) mukaisesti.

Saavutettavuuden tila
Palvelu täyttää osittain WCAG 2.1 -ohjeiston AA-tason saavutettavuusvaatimukset. Palvelu on arvioitu omana arviona ja automaattisilla testeillä 15.1.2026.

Ei-saavutettava sisältö
1. Osa vanhoista PDF-lomakkeista (esimerkiksi maa-ainesluvan hakemus) ei ole täysin saavutettavia: lomakkeen kenttien nimiä ei aina lueta ruudunlukijalla (WCAG 1.3.1, 4.1.2). Korjaamme lomakkeet tai korvaamme ne verkkolomakkeilla 31.12.2026 mennessä.
2. Ulkoilureittien kartassa reittien värit eivät yksin riitä erottamaan reittejä toisistaan (WCAG 1.4.1). Reitit on kuvattu myös tekstinä palvelun sivulla.
3. Kulttuuritalon tapahtumavideoissa ei ole vielä kaikissa tekstityksiä (WCAG 1.2.2). Tekstitämme uudet videot julkaisun yhteydessä.

Palaute ja yhteystiedot
Jos huomaat palvelussa saavutettavuuspuutteen tai et saa sisältöä saavutettavassa muodossa, kerro siitä meille: sähköposti saavutettavuus@koivula.example tai puhelin +358 3 5550 1000 (ma–pe klo 9–15). Vastaamme 14 vuorokauden kuluessa.

Valvontaviranomainen
Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta kahden viikon aikana, voit tehdä ilmoituksen valvontaviranomaiselle. Valvontaviranomainen on Etelä-Suomen aluehallintovirasto, saavutettavuusvalvonnan yksikkö: www.saavutettavuusvaatimukset.fi, saavutettavuus@avi.fi, puhelin 0295 016 000.

Seloste on laadittu 15.1.2026 ja päivitetty viimeksi 15.1.2026.""",
    """Tillgänglighetsutlåtande

Detta tillgänglighetsutlåtande gäller Björkby stads e-tjänst på adressen asiointi.koivula.example. Björkby stad strävar efter att säkerställa tjänstens tillgänglighet i enlighet med lagen om tillhandahållande av digitala tjänster (306/2019).

Tillgänglighetsstatus
Tjänsten uppfyller delvis tillgänglighetskraven på nivå AA i WCAG 2.1. Tjänsten har bedömts genom egen bedömning och automatiska tester 15.1.2026.

Innehåll som inte är tillgängligt
1. En del äldre PDF-blanketter (till exempel ansökan om marktäktstillstånd) är inte helt tillgängliga: skärmläsare läser inte alltid upp fältens namn (WCAG 1.3.1, 4.1.2). Vi rättar blanketterna eller ersätter dem med webbformulär senast 31.12.2026.
2. På kartan över friluftslederna räcker färgerna inte ensamma till för att skilja lederna åt (WCAG 1.4.1). Lederna beskrivs också i text på tjänstens sida.
3. Alla videor från kulturhusets evenemang har ännu inte textning (WCAG 1.2.2). Nya videor textas när de publiceras.

Respons och kontaktuppgifter
Om du upptäcker brister i tillgängligheten eller inte får innehållet i tillgänglig form, meddela oss: e-post saavutettavuus@koivula.example eller telefon +358 3 5550 1000 (mån–fre kl. 9–15). Vi svarar inom 14 dygn.

Tillsynsmyndighet
Om du inte är nöjd med svaret eller inte får svar inom två veckor kan du göra en anmälan till tillsynsmyndigheten. Tillsynsmyndigheten är Regionförvaltningsverket i Södra Finland, enheten för tillgänglighetstillsyn: www.tillganglighetskrav.fi, saavutettavuus@avi.fi, telefon 0295 016 000.

Utlåtandet har upprättats 15.1.2026 och uppdaterats senast 15.1.2026.""",
    """Accessibility statement

This accessibility statement applies to the City of Koivula's online services at asiointi.koivula.example. The City of Koivula aims to make the service accessible in accordance with the Act on the Provision of Digital Services (306/2019).

Compliance status
The service partially meets the level AA accessibility requirements of WCAG 2.1. The service was assessed by the city itself and with automated tests on 15 January 2026.

Non-accessible content
1. Some older PDF forms (for example the soil extraction permit application) are not fully accessible: screen readers do not always announce the names of the form fields (WCAG 1.3.1, 4.1.2). We will fix the forms or replace them with online forms by 31 December 2026.
2. On the outdoor trail map, colour alone is used to tell the trails apart (WCAG 1.4.1). The trails are also described in text on the service page.
3. Not all videos of events at the cultural centre have captions yet (WCAG 1.2.2). New videos are captioned when published.

Feedback and contact information
If you notice an accessibility problem or cannot get content in an accessible format, please tell us: email saavutettavuus@koivula.example or phone +358 3 5550 1000 (Mon–Fri 9–15). We reply within 14 days.

Enforcement authority
If you are not satisfied with our reply or do not get a reply within two weeks, you can notify the enforcement authority: the Regional State Administrative Agency for Southern Finland, accessibility monitoring unit, www.webaccessibility.fi, saavutettavuus@avi.fi, phone +358 295 016 000.

This statement was prepared on 15 January 2026 and last updated on 15 January 2026.""",
)

PRIVACY_NOTICE = T(
    """Tietosuojaseloste – Koivulan kaupungin asiointipalvelu

Rekisterinpitäjä
Koivulan kaupunki, Rantakatu 12, 41990 Koivula. Kirjaamo: kirjaamo@koivula.example, puhelin +358 3 5550 1000.

Tietosuojavastaava
Koivulan kaupungin tietosuojavastaava, tietosuoja@koivula.example, puhelin +358 3 5550 1010.

Henkilötietojen käsittelyn tarkoitukset
Käsittelemme henkilötietoja, jotta voit hakea kaupungin palveluja verkossa, seurata asioidesi käsittelyä, varata tiloja ja antaa palautetta, sekä asioiden käsittelyä, tiedottamista ja palvelujen kehittämistä varten.

Käsittelyn oikeusperuste
Käsittely perustuu kaupungin lakisääteisten tehtävien hoitamiseen ja julkisen vallan käyttöön (EU:n yleinen tietosuoja-asetus, 6 artiklan 1 kohdan c ja e alakohdat) sekä palveluja koskevaan lainsäädäntöön, esimerkiksi varhaiskasvatuslakiin ja rakentamislakiin. Vapaaehtoiset ilmoitukset ja uutiskirjeet perustuvat suostumukseesi.

Käsiteltävät tiedot
Nimi, henkilötunnus (vain vahvan tunnistautumisen yhteydessä), yhteystiedot, asiointikieli, hakemusten ja asioiden tiedot liitteineen, päätökset, varaukset ja maksutiedot sekä lokitiedot siitä, kuka henkilöstöstä on katsonut tietojasi ja miksi.

Tietolähteet
Tiedot saadaan sinulta itseltäsi, Suomi.fi-tunnistuksesta ja Digi- ja väestötietoviraston väestötietojärjestelmästä.

Tietojen säilytysaika
Säilytämme tietoja kaupungin tiedonohjaussuunnitelman mukaisesti: hakemukset ja päätökset tehtävän mukaisen ajan (esimerkiksi varhaiskasvatuksen asiakirjat 10 vuotta, rakennuslupa-asiakirjat pysyvästi) ja lokitiedot 5 vuotta.

Tietojen luovutukset ja siirrot
Tietoja luovutetaan vain lain perusteella, esimerkiksi Kelalle ja Opetushallitukselle. Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.

Rekisteröidyn oikeudet
Sinulla on oikeus saada pääsy tietoihisi, oikaista virheelliset tiedot, rajoittaa käsittelyä ja vastustaa käsittelyä, ja suostumukseen perustuvassa käsittelyssä peruuttaa suostumuksesi. Voit katsoa tietojasi ja niiden käyttöä asiointipalvelun Omat tiedot -sivulla. Sinulla on oikeus tehdä valitus tietosuojavaltuutetun toimistolle (www.tietosuoja.fi).

Päivitetty 15.1.2026.""",
    """Dataskyddsbeskrivning – Björkby stads e-tjänst

Personuppgiftsansvarig
Björkby stad, Strandgatan 12, 41990 Björkby. Registratur: kirjaamo@koivula.example, telefon +358 3 5550 1000.

Dataskyddsombud
Björkby stads dataskyddsombud, tietosuoja@koivula.example, telefon +358 3 5550 1010.

Ändamål med behandlingen
Vi behandlar personuppgifter för att du ska kunna ansöka om stadens tjänster på nätet, följa behandlingen av dina ärenden, boka lokaler och ge respons, samt för ärendehantering, information och utveckling av tjänsterna.

Rättslig grund
Behandlingen grundar sig på skötseln av stadens lagstadgade uppgifter och utövandet av offentlig makt (EU:s allmänna dataskyddsförordning, artikel 6.1 c och e) samt på lagstiftningen om tjänsterna, till exempel lagen om småbarnspedagogik och bygglagen. Frivilliga meddelanden och nyhetsbrev grundar sig på ditt samtycke.

Uppgifter som behandlas
Namn, personbeteckning (endast vid stark autentisering), kontaktuppgifter, ärendespråk, uppgifter i ansökningar och ärenden med bilagor, beslut, bokningar och betalningsuppgifter samt loggar över vem av personalen som har sett dina uppgifter och varför.

Uppgiftskällor
Uppgifterna fås av dig själv, från Suomi.fi-identifikationen och från Myndigheten för digitalisering och befolkningsdatas befolkningsdatasystem.

Lagringstid
Vi lagrar uppgifterna enligt stadens informationsstyrningsplan: ansökningar och beslut under den tid uppgiften kräver (till exempel handlingar inom småbarnspedagogiken 10 år, bygglovshandlingar permanent) och loggar 5 år.

Utlämnande och överföring
Uppgifter lämnas ut endast med stöd av lag, till exempel till FPA och Utbildningsstyrelsen. Uppgifter överförs inte utanför EU eller EES.

Den registrerades rättigheter
Du har rätt att få tillgång till dina uppgifter, rätta felaktiga uppgifter, begränsa och invända mot behandlingen och, när behandlingen grundar sig på samtycke, återkalla ditt samtycke. Du kan se dina uppgifter och hur de används på sidan Mina uppgifter i e-tjänsten. Du har rätt att lämna klagomål till dataombudsmannens byrå (www.tietosuoja.fi/sv).

Uppdaterad 15.1.2026.""",
    """Privacy notice – City of Koivula online services

Controller
City of Koivula, Rantakatu 12, 41990 Koivula, Finland. Registry: kirjaamo@koivula.example, phone +358 3 5550 1000.

Data protection officer
Data protection officer of the City of Koivula, tietosuoja@koivula.example, phone +358 3 5550 1010.

Purposes of processing
We process personal data so that you can apply for the city's services online, follow the handling of your matters, book facilities and give feedback, and for handling matters, informing you and developing the services.

Legal basis
Processing is based on the city's statutory duties and the exercise of official authority (EU General Data Protection Regulation, Article 6(1)(c) and (e)) and on the legislation on each service, for example the Early Childhood Education and Care Act and the Building Act. Optional notifications and newsletters are based on your consent.

Data processed
Name, personal identity code (only with strong electronic identification), contact details, language of service, the contents of applications and matters with attachments, decisions, bookings and payment details, and logs of which staff member viewed your data and why.

Sources of data
The data comes from you, from Suomi.fi identification and from the Population Information System of the Digital and Population Data Services Agency.

Retention
We keep the data according to the city's records management plan: applications and decisions for as long as the task requires (for example early childhood education records 10 years, building permit records permanently) and logs for 5 years.

Disclosures and transfers
Data is disclosed only where the law provides for it, for example to Kela and the Finnish National Agency for Education. Data is not transferred outside the EU or EEA.

Your rights
You have the right to access your data, to have incorrect data rectified, to restrict and object to processing and, where processing is based on consent, to withdraw your consent. You can see your data and how it has been used on the My data page of the online service. You have the right to lodge a complaint with the Office of the Data Protection Ombudsman (www.tietosuoja.fi/en).

Updated 15 January 2026.""",
)
