#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

namespace re2 {
class RE2;
}

namespace Faults {

// A user-written pattern of a fault rule (argument, HELO, user, header value), matched
// case-insensitively anywhere in the value. RE2 runs in time linear in the value, so a
// pattern such as ^(a+)+$ cannot hold the network thread; its syntax has no backreferences
// or lookaround, and a pattern that uses them is refused when the plan loads. Immutable:
// copies share the compiled form and may be used from any thread.
class Pattern
{
public:
    Pattern() = default;
    explicit Pattern(const QString &pattern);

    bool isEmpty() const { return !m_re; }
    QString error() const;                 // empty when it compiled
    // An empty pattern matches every value; one that did not compile matches none.
    bool matches(QByteArrayView value) const;

private:
    std::shared_ptr<const re2::RE2> m_re;
};

} // namespace Faults
