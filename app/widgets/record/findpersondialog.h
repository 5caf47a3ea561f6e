#pragma once

#include "records/personrecordquery.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace casedesk {

// Find person: type part of a name or a reference; the matches are listed as you type (at most
// PersonRecordQuery::SearchLimit); Enter, a double-click or Open record opens the chosen one.
// Only people the worker may see are found (on PostgreSQL the server decides).
class FindPersonDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FindPersonDialog(Database &db, QWidget *parent = nullptr);

    QLineEdit *searchBox() const { return m_search; }
    QTreeWidget *results() const { return m_results; }
    QPushButton *openButton() const { return m_open; }
    QString hint() const;

    // Searches for what is typed now (typing searches after a short pause).
    void search();
    // The person highlighted in the results; 0 if none.
    qint64 selectedPersonId() const;

signals:
    void personChosen(qint64 personId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openSelected();
    void updateOpenButton();

    PersonRecordQuery m_query;
    QLineEdit *m_search;
    QTreeWidget *m_results;
    QLabel *m_hint;
    QPushButton *m_open;
    QDialogButtonBox *m_buttons;
    QTimer *m_pause;
    QString m_searched; // the text the results are for
};

} // namespace casedesk
