extension Catalogue {
    /// Chinese (simplified), in the contact service's words for its errors ("抱歉，我暂时无法…").
    static let chinese: [TextKey: String] = [
        .greeting: "您好！我是客服机器人：请提出您的问题，我会尽力解答。如需人工客服，请点击下方按钮；再次点击即可结束人工服务，回到机器人。",
        .adminGreeting: "您好！我是管理员机器人。有新的问题需要处理时，我会通知您。",
        .operatorButton: "连接/断开人工客服",
        .operatorConnected: "人工客服已接入对话",
        .operatorDisconnected: "人工客服已退出对话",
        .connectionError: "连接错误，请稍后再试",
        .processingError: "处理错误",
        .textOnly: "抱歉，我目前只能理解文字消息。",
        .automaticAnswer: "🤖 自动回答：\n{answer}",
        .confidence: "（置信度：{percent}%）",
        .ticketNotice:
            "📝 您的请求已登记！\n\n工单编号：#{ticket_id}\n类别：{category}\n优先级：{priority}\n部门：{department}\n\n"
            + "我们的专员会尽快回复您！",
        .operatorReply: "客服回复：{answer}",

        .webConnected: "连接已建立，欢迎咨询",
        .webUnreachable: "抱歉，我暂时无法连接客服系统，请稍后再试。",
        .webProcessingError: "抱歉，我暂时无法处理您的消息，请稍后再试。",
        .webSlowDown: "抱歉，您发送消息太频繁了，请稍后再发。",
        .webAddressBusy: "抱歉，您所在的网络当前消息过多，请稍后再试。",
        .webBusy: "抱歉，我还在回复您之前的消息，请稍候。",
        .webBinaryRefused: "不支持二进制消息，请发送 JSON 文本",
        .webContactReceived: "您的请求已收到，客服人员会尽快与您联系。",
        .webContactAlreadyRequested: "您刚刚已发送过请求，客服人员会尽快与您联系。",

        .editedMark: "（已编辑）",
        .invalidOperatorFormat: "消息格式错误。请使用“chat_id: 消息”的格式，或直接回复用户的消息。",
        .messageFromUser: "来自用户 {chat_id}（{name}）的消息",
        .handoffHint: "请按“chat_id: 回复内容”的格式回复",
        .historyUnavailable: "（无法获取历史记录）",
        .historyEmpty: "（没有更早的消息）",
        .senderUser: "用户",
        .senderBot: "机器人",
        .senderOperator: "客服",
        .escalation:
            "⚠️ <b>需要处理的问题：</b>\n\n<b>来自：</b>{name}\n<b>问题：</b>{question}\n\n<b>当前回答：</b>{response}\n\n"
            + "<i>请回复该用户。</i>",
        .escalationChat: "会话：{chat_id}。请回复此消息，或发送“{chat_id}: 回复内容”。",
        .unknownUser: "未知用户",
        .webVisitor: "网站访客",
        .answerEmpty: "回复为空：未向 {chat_id} 发送任何内容。",
        .unknownChat: "未知会话 {chat_id}：客服系统与其没有对话记录，未发送任何内容。",
        .webTextOnly: "网站访客只能接收文字：请以文字形式回复 {chat_id}。",
        .notAChatID: "“{chat_id}”不是会话 ID：请使用 Telegram 会话 ID（数字）或 web-… 形式的 ID，例如“123456: 您的回复”。",
        .telegramOff: "Telegram 未启用：给 {chat_id} 的回复未发送。",
        .answerToBlockedUser: "用户 {chat_id} 已屏蔽机器人：回复已保存到历史记录，但未送达。",
        .userBlockedBot: "用户 {chat_id}（{name}）已屏蔽机器人：在其再次发消息之前，任何消息都无法送达。",
        .notDelivered: "未能送达 {chat_id}：{reason}",
    ]
}
