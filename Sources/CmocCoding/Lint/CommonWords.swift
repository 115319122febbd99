/// A small list of very common English words (spoken and written), for the
/// `common-word-wildcard` lint check.
enum CommonWords {
    static let list: [String] = """
        a about above across act actually after again against age ago all almost alone along already also although \
        always am among an and another any anyone anything are area around as ask asked at away back bad be became \
        because become been before began behind being believe best better between big both bring but by call came can \
        car care carry case cause certain change child children city close come comes common company could country \
        course day did different do does done door down during each early easy end enough even ever every example \
        eye face fact family far feel few find first follow for form found free friend from full gave general get \
        give go going good got great group grow had half hand happen hard has have he head hear help her here high him \
        his hold home house how however i idea if important in inside interest into is it its just keep kind knew \
        know large last later lead learn least leave left less let life light like line little live long look lot \
        made main make man many may me mean men might mind more most mother move much must my name near need never new \
        next night no not nothing now number of off often old on once one only open or order other our out over own \
        part people perhaps person place plan play point possible power present problem public put question quite \
        rather read real really reason right room run said same saw say school see seem seen service set several \
        she should show side since small so social some something sometimes soon sort start state still story study \
        such sure system take talk tell than that the their them then there these they thing things think this those \
        though thought three through time to today together told too took towards try turn two under until up upon \
        us use used usual usually very want was water way we week well went were what when where whether which while \
        who whole why will with within without woman women word work world would year yes yet you young your
        """.split(separator: " ").map(String.init)
}
