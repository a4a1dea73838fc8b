extension Catalogue {
    /// Vietnamese: the original admin bot's wording for its alert and greeting.
    static let vietnamese: [TextKey: String] = [
        .greeting:
            "Xin chào! Tôi là bot hỗ trợ: hãy đặt câu hỏi và tôi sẽ trả lời. Để trò chuyện với nhân viên hỗ trợ, "
            + "hãy nhấn nút bên dưới; nhấn lại lần nữa để kết thúc và quay về trò chuyện với bot.",
        .adminGreeting: "Xin chào! Tôi là Bot Admin. Tôi sẽ thông báo cho bạn khi có câu hỏi mới cần hỗ trợ.",
        .operatorButton: "Kết nối/ngắt kết nối nhân viên",
        .operatorConnected: "Nhân viên hỗ trợ đã được kết nối vào cuộc trò chuyện",
        .operatorDisconnected: "Nhân viên hỗ trợ đã ngắt kết nối khỏi cuộc trò chuyện",
        .connectionError: "Lỗi kết nối, vui lòng thử lại sau",
        .processingError: "Lỗi xử lý",
        .textOnly: "Xin lỗi, hiện tại tôi chỉ hiểu tin nhắn văn bản.",
        .automaticAnswer: "🤖 Câu trả lời tự động:\n{answer}",
        .confidence: "(Độ tin cậy: {percent}%)",
        .ticketNotice:
            "📝 Yêu cầu của bạn đã được ghi nhận!\n\nMã yêu cầu: #{ticket_id}\nDanh mục: {category}\n"
            + "Mức ưu tiên: {priority}\nBộ phận: {department}\n\nChuyên viên của chúng tôi sẽ sớm trả lời!",
        .operatorReply: "Trả lời của nhân viên hỗ trợ: {answer}",

        .webConnected: "Đã kết nối với bộ phận hỗ trợ",
        .webUnreachable: "Hiện không thể kết nối với bộ phận hỗ trợ. Vui lòng thử lại sau.",
        .webProcessingError: "Không thể xử lý tin nhắn của bạn. Vui lòng thử lại sau.",
        .webSlowDown: "Bạn gửi quá nhiều tin nhắn, vui lòng chậm lại.",
        .webAddressBusy: "Hiện có quá nhiều tin nhắn từ mạng của bạn, vui lòng thử lại sau giây lát.",
        .webContactAddressBusy: "Hiện có quá nhiều yêu cầu gặp nhân viên hỗ trợ từ mạng của bạn, vui lòng thử lại sau.",
        .webBusy: "Tôi vẫn đang trả lời các tin nhắn trước của bạn, vui lòng đợi.",
        .webBinaryRefused: "Không hỗ trợ tin nhắn nhị phân, hãy gửi văn bản JSON",
        .webContactReceived: "Yêu cầu của bạn đã được tiếp nhận. Nhân viên hỗ trợ sẽ sớm liên hệ với bạn.",
        .webContactAlreadyRequested: "Bạn vừa gửi yêu cầu, nhân viên hỗ trợ sẽ sớm liên hệ với bạn.",

        .editedMark: "(đã chỉnh sửa)",
        .invalidOperatorFormat:
            "Sai định dạng tin nhắn. Hãy dùng định dạng 'chat_id: tin nhắn' hoặc trả lời tin nhắn của người dùng.",
        .messageFromUser: "Tin nhắn từ người dùng {chat_id} ({name})",
        .handoffHint: "Trả lời theo định dạng chat_id: câu trả lời",
        .historyUnavailable: "(không tải được lịch sử)",
        .historyEmpty: "(chưa có tin nhắn trước đó)",
        .senderUser: "Người dùng",
        .senderBot: "Bot",
        .senderOperator: "Nhân viên",
        .escalation:
            "⚠️ <b>Câu hỏi cần xử lý:</b>\n\n<b>Từ:</b> {name}\n<b>Câu hỏi:</b> {question}\n\n"
            + "<b>Trả lời hiện tại:</b> {response}\n\n<i>Vui lòng trả lời người dùng này.</i>",
        .escalationChat:
            "Cuộc trò chuyện: {chat_id}. Trả lời tin nhắn này, hoặc viết '{chat_id}: câu trả lời'.",
        .unknownUser: "Người dùng không xác định",
        .webVisitor: "khách truy cập web",
        .answerEmpty: "Câu trả lời trống: không gửi gì tới {chat_id}.",
        .unknownChat: "Không rõ cuộc trò chuyện {chat_id}: chưa từng có hội thoại với người này. Không gửi gì.",
        .webTextOnly: "Khách truy cập web chỉ nhận được văn bản: hãy gửi câu trả lời cho {chat_id} dưới dạng văn bản.",
        .notAChatID:
            "'{chat_id}' không phải là mã cuộc trò chuyện: hãy dùng mã chat Telegram (một số) hoặc mã dạng web-…, "
            + "ví dụ '123456: câu trả lời của bạn'.",
        .telegramOff: "Telegram đang tắt: câu trả lời cho {chat_id} chưa được gửi.",
        .answerToBlockedUser:
            "Người dùng {chat_id} đã chặn bot: câu trả lời được lưu trong lịch sử nhưng không được gửi đi.",
        .userBlockedBot:
            "Người dùng {chat_id} ({name}) đã chặn bot: họ sẽ không nhận được gì cho đến khi nhắn tin lại.",
        .notDelivered: "Không gửi được tới {chat_id}: {reason}",

        .commandList: "Các lệnh: /tickets, /close {ticket_id}, /bot {chat_id}, /ban {chat_id}, /unban {chat_id}",
        .usageClose: "Cách dùng: /close {ticket_id}, ví dụ /close 42",
        .usageChatCommand: "Cách dùng: /{command} {chat_id}: mã chat Telegram (một số) hoặc mã dạng web-…",
        .usageShort: "Cách dùng: /{command} {chat_id}",
        .banned:
            "Người dùng {chat_id} đã bị chặn: tin nhắn của họ không còn đến nhân viên hỗ trợ (hoàn tác: /unban {chat_id}).",
        .alreadyBanned: "Người dùng {chat_id} đã bị chặn từ trước.",
        .unbanned: "Người dùng {chat_id} đã được bỏ chặn: tin nhắn của họ lại đến nhân viên hỗ trợ.",
        .notBanned: "Người dùng {chat_id} chưa bị chặn.",
        .noOpenTickets: "Không có yêu cầu nào đang mở.",
        .openTickets: "Các yêu cầu đang mở:",
        .ticketLine: "#{id} [{status}] {category} · {priority} · {department} · chat {chat_id}",
        .ticketClosed: "Đã đóng yêu cầu #{id}.",
        .noTicket: "Không có yêu cầu #{id}.",
        .backToBot: "Cuộc trò chuyện {chat_id} đã được trả lại cho bot.",
        .deskUnavailable: "ingest-api không khả dụng, vui lòng thử lại sau giây lát.",
        .deskRefused: "ingest-api từ chối: {reason}",
    ]
}
