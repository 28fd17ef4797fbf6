#pragma once

#include "faults/holdbroker.h"
#include "records/commitbatch.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QVBoxLayout;

namespace Ui {

// Sessions paused by a hold rule, one card each, oldest first: the client, the command, a
// button for each usual reply that is legal at that stage, a custom reply and the countdown
// to the default reply. Cards are independent, so several held sessions never block each
// other. Answers go to the broker; a card leaves when its hold is resolved by anyone.
class HoldPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HoldPanel)

public:
    explicit HoldPanel(Faults::HoldBroker *broker, QWidget *parent = nullptr);
    ~HoldPanel() override;

    void addSessions(const QList<Records::SessionRecord> &sessions); // to name the clients
    int pendingCount() const { return int(m_cards.size()); }
    QWidget *card(quint64 holdId) const;
    // Sends "452 4.2.2 Mailbox full" typed as text; false with the reason shown on the card.
    bool answer(quint64 holdId, const QString &replyText);

    static QList<Records::Reply> usualReplies(Faults::Stage stage);
    static std::optional<Records::Reply> parseReply(const QString &text);

Q_SIGNALS:
    void holdArrived(const Faults::HoldRequest &request);

private:
    struct Card
    {
        Faults::HoldRequest request;
        QDeadlineTimer deadline;
        QWidget *widget = nullptr;
        QLabel *client = nullptr;
        QLabel *countdown = nullptr;
        QLabel *error = nullptr;
    };

    void onRequested(const Faults::HoldRequest &request);
    void onResolved(quint64 id);
    void send(quint64 id, const Records::Reply &reply);
    void tick();
    QString clientOf(quint64 session) const;

    Faults::HoldBroker *m_broker;
    QHash<quint64, Card> m_cards;
    QHash<quint64, QString> m_clients;  // session token -> "address:port"
    QVBoxLayout *m_list;
    QLabel *m_empty;
    QTimer m_ticker;
};

} // namespace Ui
