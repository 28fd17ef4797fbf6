#pragma once

#include "mime/parsedmessage.h"
#include "records/defect.h"

#include <QAbstractTableModel>

namespace Ui {

// What is wrong with a message: the MIME parser's and Mailscope's diagnostics, and the SMTP
// defects found in its data, each with severity, code, explanation, rule and offset.
class LintModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LintModel)

public:
    enum Column { Severity, Code, Message, Rule, Offset, ColumnCount };
    enum Role { OffsetRole = Qt::UserRole + 1, PathRole };

    explicit LintModel(QObject *parent = nullptr);
    void setDiagnostics(const QList<Mime::Diagnostic> &diagnostics, const Records::Defects &defects);
    const Mime::Diagnostic &at(int row) const { return m_rows.at(row); }
    int problemCount() const; // errors and warnings

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<Mime::Diagnostic> m_rows;
};

} // namespace Ui
