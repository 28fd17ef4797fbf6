#include "storefixture.h"
#include "recordfixtures.h"

StoreFixture::StoreFixture()
    : m_path(m_dir.filePath(QStringLiteral("test.sqlite"))), m_writer(new Store::Writer(m_path))
{
    m_writer->setDurability(Store::Writer::Durability::Normal);
    QObject::connect(m_writer, &Store::Writer::committed, m_writer,
                     [this](const Records::CommitBatch &b) {
                         QMutexLocker lock(&m_batchesMutex);
                         m_batches.append(b);
                     }, Qt::DirectConnection);
    QObject::connect(m_writer, &Store::Writer::writeFailed, m_writer,
                     [](const QString &e) { qWarning("write failed: %s", qPrintable(e)); }, Qt::DirectConnection);
    QString error;
    if (!m_writer->start(&error))
        qFatal("cannot start the writer: %s", qPrintable(error));
}

StoreFixture::~StoreFixture()
{
    delete m_writer;
}

Records::CommitBatch StoreFixture::flushBatches()
{
    m_writer->flushIndexed();
    QList<Records::CommitBatch> batches;
    {
        QMutexLocker lock(&m_batchesMutex);
        batches = std::exchange(m_batches, {});
    }
    Records::CommitBatch all;
    for (const Records::CommitBatch &b : batches)
        all.append(b);
    return all;
}

QList<Records::MessageSummary> StoreFixture::store(const QList<QByteArray> &raws, quint64 sessionToken)
{
    flushBatches();
    for (const QByteArray &raw : raws)
        m_writer->storeMessage(Test::messageRecord(raw, sessionToken));
    return flushBatches().messages;
}

QList<Records::MessageSummary> StoreFixture::storeNumbered(int count, const QByteArray &subjectPrefix)
{
    QList<QByteArray> raws;
    for (int i = 0; i < count; ++i)
        raws.append("From: a@example.com\r\nTo: b@example.org\r\nSubject: " + subjectPrefix + ' ' + QByteArray::number(i)
                    + "\r\n\r\nBody " + QByteArray::number(i) + "\r\n");
    return store(raws);
}

Records::CommitBatch StoreFixture::perform(Store::Writer::Task task)
{
    flushBatches();
    m_writer->perform(std::move(task));
    return flushBatches();
}
