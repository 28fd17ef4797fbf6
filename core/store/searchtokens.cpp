#include "searchtokens.h"

namespace Store {

QList<SearchToken> tokenizeSearch(const QString &input)
{
    QList<SearchToken> out;
    qsizetype i = 0;
    const qsizetype n = input.size();
    while (i < n) {
        while (i < n && input.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        const qsizetype start = i;
        SearchToken t;
        if ((input.at(i) == QLatin1Char('-') || input.at(i) == QLatin1Char('!')) && i + 1 < n
            && !input.at(i + 1).isSpace()) {
            t.negated = true;
            ++i;
        }
        qsizetype k = i;
        while (k < n && (input.at(k).isLetter() || (k > i && input.at(k) == QLatin1Char('-'))))
            ++k;
        if (k > i && k < n && input.at(k) == QLatin1Char(':')) {
            t.key = input.mid(i, k - i).toLower();
            i = k + 1;
        }
        if (i < n && input.at(i) == QLatin1Char('"')) {
            const qsizetype close = input.indexOf(QLatin1Char('"'), i + 1);
            const qsizetype end = close < 0 ? n : close;
            t.value = input.mid(i + 1, end - i - 1);
            t.quoted = true;
            i = close < 0 ? n : close + 1;
        } else {
            const qsizetype begin = i;
            while (i < n && !input.at(i).isSpace())
                ++i;
            t.value = input.mid(begin, i - begin);
        }
        t.text = input.mid(t.negated ? start + 1 : start, i - start - (t.negated ? 1 : 0));
        out.append(t);
    }
    return out;
}

} // namespace Store
